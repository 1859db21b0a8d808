/**
 * Google only: the {@code google} registration plugged into the connections module, the
 * one People API client and the Google sync (sync tokens; a
 * {@code ConnectedContactSource}, so the sync module serves {@code /api/google/**} and
 * its panel column).
 */
@ApplicationModule(allowedDependencies = { "connections", "contacts", "sync", "staff", "security", "audit" })
package com.whiskeysocket.crm.google;

import org.springframework.modulith.ApplicationModule;
