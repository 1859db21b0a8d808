/**
 * Everything Microsoft: the per-staff Outlook connection (OAuth2 client, encrypted token
 * store, refresh), the one Graph client, the Outlook sync, {@code /auth/microsoft*} and
 * {@code /api/outlook/**}.
 */
@ApplicationModule(allowedDependencies = { "contacts", "sync", "staff" })
package com.whiskeysocket.crm.outlook;

import org.springframework.modulith.ApplicationModule;
