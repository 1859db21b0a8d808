/**
 * Microsoft only: the {@code microsoft} registration plugged into the connections module,
 * the one Graph client, the Outlook sync, its change notification subscriptions and
 * {@code /api/outlook/**}.
 */
@ApplicationModule(allowedDependencies = { "connections", "contacts", "sync", "staff", "security", "audit" })
package com.whiskeysocket.crm.outlook;

import org.springframework.modulith.ApplicationModule;
