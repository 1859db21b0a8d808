/**
 * Staff accounts, their roles and sign-in: the first-run admin, the staff admin page and
 * the application's security filter chain.
 */
@ApplicationModule(allowedDependencies = {})
package com.whiskeysocket.crm.staff;

import org.springframework.modulith.ApplicationModule;
