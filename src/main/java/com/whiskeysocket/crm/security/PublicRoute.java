package com.whiskeysocket.crm.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * A request that carries its own credential, checked by the module that answers it (such
 * as a signed webhook): the security chain lets it in without a session and without a
 * CSRF token. A module declares one as a bean; the chain collects every such bean.
 *
 * @param method the HTTP method
 * @param pattern the path pattern, such as {@code /api/whatsapp/events}
 */
public record PublicRoute(HttpMethod method, String pattern) {

	RequestMatcher matcher() {
		return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
	}

}
