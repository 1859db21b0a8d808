package com.whiskeysocket.crm.security;

import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Reads the CSRF token only from the {@code X-CSRF-TOKEN} header or the form body, never
 * from the query string: a token in a URL leaks through logs, history and the
 * {@code Referer} header. A request with the token in its query string is refused even if
 * it also carries one properly.
 */
class CsrfFromHeaderOrBody implements CsrfTokenRequestHandler {

	private final XorCsrfTokenRequestAttributeHandler delegate = new XorCsrfTokenRequestAttributeHandler();

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
		delegate.handle(request, response, csrfToken);
	}

	@Override
	public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
		String query = request.getQueryString();
		if (query != null && UriComponentsBuilder.newInstance()
			.query(query)
			.build()
			.getQueryParams()
			.keySet()
			.stream()
			.anyMatch((name) -> name.equals(csrfToken.getParameterName()))) {
			return null;
		}
		return delegate.resolveCsrfTokenValue(request, csrfToken);
	}

}
