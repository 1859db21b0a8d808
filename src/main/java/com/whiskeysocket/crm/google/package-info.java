/**
 * Google only: the {@code google} registration plugged into the connections module, the
 * one People API client, the Google sync (sync tokens) and {@code /api/google/**}.
 */
@ApplicationModule(allowedDependencies = { "connections", "contacts", "sync", "staff", "audit" })
package com.whiskeysocket.crm.google;

import org.springframework.modulith.ApplicationModule;
