/**
 * Microsoft only: the {@code microsoft} registration plugged into the connections module,
 * the one Graph client, the Outlook sync (a {@code ConnectedContactSource}, so the sync
 * module serves {@code /api/outlook/**} and its panel column), and its change
 * notification subscriptions with their public endpoints.
 */
@ApplicationModule(allowedDependencies = { "connections", "contacts", "sync", "staff", "security", "audit" })
package com.whiskeysocket.crm.outlook;

import org.springframework.modulith.ApplicationModule;
