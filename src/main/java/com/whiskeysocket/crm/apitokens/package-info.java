/**
 * Personal API tokens for scripts: created and revoked on their pages, checked by the
 * {@link com.whiskeysocket.crm.apitokens.BearerTokenFilter} the security chain runs.
 */
@ApplicationModule(allowedDependencies = { "staff", "audit" })
package com.whiskeysocket.crm.apitokens;

import org.springframework.modulith.ApplicationModule;
