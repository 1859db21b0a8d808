/**
 * The shared contact list: one row per phone number, whichever source brought it, with
 * phone normalization and the merge rules every sync goes through; each contact's page,
 * owner and notes. Staff accounts are read only through {@code staff}'s public API.
 */
@ApplicationModule(allowedDependencies = { "staff", "audit", "text" })
package com.whiskeysocket.crm.contacts;

import org.springframework.modulith.ApplicationModule;
