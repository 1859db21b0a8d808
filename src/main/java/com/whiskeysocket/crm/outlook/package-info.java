/**
 * Microsoft only: the {@code microsoft} registration plugged into the connections module,
 * the one Graph client and the Outlook sync (a {@code ConnectedContactSource}, so the
 * sync module serves {@code /api/outlook/**} and its panel column).
 */
@ApplicationModule(allowedDependencies = { "connections", "contacts", "sync", "staff", "audit" })
package com.whiskeysocket.crm.outlook;

import org.springframework.modulith.ApplicationModule;
