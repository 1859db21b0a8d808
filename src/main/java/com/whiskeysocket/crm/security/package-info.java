/**
 * The security filter chain: sign-in and its throttling (the lock list and unlock), ended
 * sessions, CSRF handling, the management port and the 403 and session-expired answers. A
 * module whose route carries its own credential declares a
 * {@link com.whiskeysocket.crm.security.PublicRoute} bean.
 */
@ApplicationModule(allowedDependencies = { "staff", "apitokens", "audit" })
package com.whiskeysocket.crm.security;

import org.springframework.modulith.ApplicationModule;
