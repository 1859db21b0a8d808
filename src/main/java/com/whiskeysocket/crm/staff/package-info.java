/**
 * Staff accounts, their roles and sign-in: the first-run admin, the staff admin page,
 * sign-in throttling and the application's security filter chain.
 */
@ApplicationModule(allowedDependencies = { "audit", "text" })
package com.whiskeysocket.crm.staff;

import org.springframework.modulith.ApplicationModule;
