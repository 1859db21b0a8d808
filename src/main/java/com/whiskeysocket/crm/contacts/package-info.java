/**
 * The shared contact list: one row per phone number, whichever source brought it, with
 * phone normalization and the merge rules every sync goes through.
 */
@ApplicationModule(allowedDependencies = {})
package com.whiskeysocket.crm.contacts;

import org.springframework.modulith.ApplicationModule;
