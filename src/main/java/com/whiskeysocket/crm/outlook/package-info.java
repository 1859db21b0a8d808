/**
 * Microsoft only: the {@code microsoft} registration plugged into the connections module,
 * the one Graph client, the Outlook sync and {@code /api/outlook/**}.
 */
@ApplicationModule(allowedDependencies = { "connections", "contacts", "sync", "staff", "audit" })
package com.whiskeysocket.crm.outlook;

import org.springframework.modulith.ApplicationModule;
