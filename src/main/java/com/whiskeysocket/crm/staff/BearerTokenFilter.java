package com.whiskeysocket.crm.staff;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer wsc_…} on the JSON API: the request acts as the token's
 * owner for this request only (the security context is never saved, so no session is
 * created). A token that does not work is a 401 JSON, the same whatever the reason. Pages
 * ignore the header: they are for browsers, which sign in.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

	private static final String BEARER = "Bearer ";

	/** API requests that present a bearer token: CSRF does not apply to them. */
	static final RequestMatcher BEARER_API = new AndRequestMatcher(SecurityConfiguration.API,
			(request) -> bearerToken(request) != null);

	private final ApiTokens tokens;

	private final JsonSecurityErrors errors;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	private final SecurityContextRepository requestOnly = new RequestAttributeSecurityContextRepository();

	BearerTokenFilter(ApiTokens tokens, JsonSecurityErrors errors) {
		this.tokens = tokens;
		this.errors = errors;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !BEARER_API.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<StaffPrincipal> owner = tokens.authenticate(bearerToken(request));
		if (owner.isEmpty()) {
			errors.invalidToken(response);
			return;
		}
		SecurityContext context = contexts.createEmptyContext();
		context.setAuthentication(
				UsernamePasswordAuthenticationToken.authenticated(owner.get(), null, owner.get().getAuthorities()));
		contexts.setContext(context);
		// kept for this request only: the session management filter then sees a known
		// context and neither creates a session nor saves the context into one
		requestOnly.saveContext(context, request, response);
		chain.doFilter(request, response);
	}

	static String bearerToken(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		return header.substring(BEARER.length()).strip();
	}

}
