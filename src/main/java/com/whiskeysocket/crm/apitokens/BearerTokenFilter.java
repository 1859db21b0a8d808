package com.whiskeysocket.crm.apitokens;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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
 * ignore the header: they are for browsers, which sign in. The {@code security} module
 * puts it into the filter chain, before the CSRF check.
 */
public final class BearerTokenFilter extends OncePerRequestFilter {

	private static final String BEARER = "Bearer ";

	private final RequestMatcher bearerApi;

	private final ApiTokens tokens;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	private final SecurityContextRepository requestOnly = new RequestAttributeSecurityContextRepository();

	/**
	 * A filter for the JSON API's requests.
	 * @param tokens the tokens
	 * @param api the requests of the JSON API
	 */
	public BearerTokenFilter(ApiTokens tokens, RequestMatcher api) {
		this.bearerApi = new AndRequestMatcher(api, (request) -> bearerToken(request) != null);
		this.tokens = tokens;
	}

	/**
	 * API requests that present a bearer token: CSRF does not apply to them.
	 * @return the requests this filter authenticates
	 */
	public RequestMatcher bearerApi() {
		return bearerApi;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !bearerApi.matches(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<StaffPrincipal> owner = tokens.authenticate(bearerToken(request));
		if (owner.isEmpty()) {
			invalidToken(response);
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

	/**
	 * A token that does not open the API: unknown, expired, revoked or its owner
	 * disabled, all alike. The body has the shape of the chain's other JSON errors.
	 */
	private static void invalidToken(HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		response.getWriter()
			.write("{\"error\":\"invalid_token\",\"message\":\"The API token is not valid: unknown, expired or revoked.\"}");
	}

	static String bearerToken(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		return header.substring(BEARER.length()).strip();
	}

}
