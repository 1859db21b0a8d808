/**
 * Staff accounts: their roles, passwords and the rules for them, the first-run admin, the
 * Staff page and everyone's change-password page. Other modules read accounts through
 * {@link com.whiskeysocket.crm.staff.StaffDirectory} and the signed-in
 * {@link com.whiskeysocket.crm.staff.StaffPrincipal}.
 */
@ApplicationModule(allowedDependencies = { "audit", "text" })
package com.whiskeysocket.crm.staff;

import org.springframework.modulith.ApplicationModule;
