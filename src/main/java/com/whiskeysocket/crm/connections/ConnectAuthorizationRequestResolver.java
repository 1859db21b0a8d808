package com.whiskeysocket.crm.connections;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Starts the authorization-code flow at {@code GET /auth/{provider}}, for signed-in staff
 * only: anyone else falls through to the login page, and when the provider is not
 * configured the request reaches {@link ConnectionAuthController}, which says so. Each
 * provider adds its own parameters to the request.
 */
class ConnectAuthorizationRequestResolver implements OAuth2AuthorizationRequestResolver {

	static final String START_PATH = "/auth/{provider}";

	/** {@code /auth/{provider}?access=write} asks for the write scopes too. */
	static final String WRITE = "write";

	private final RequestMatcher start = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, START_PATH);

	private final ConnectionProviders providers;

	private final Map<String, DefaultOAuth2AuthorizationRequestResolver> resolvers = new ConcurrentHashMap<>();

	ConnectAuthorizationRequestResolver(ConnectionProviders providers) {
		this.providers = providers;
	}

	@Override
	public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
		RequestMatcher.MatchResult match = start.matcher(request);
		if (!match.isMatch()) {
			return null;
		}
		return resolve(request, match.getVariables().get("provider"));
	}

	@Override
	public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String registrationId) {
		if (!providers.configured(registrationId) || !signedIn()) {
			return null;
		}
		OAuth2AuthorizationRequest resolved = resolvers.computeIfAbsent(registrationId, this::resolverFor)
			.resolve(request, registrationId);
		Set<String> write = providers.get(registrationId).writeScopes();
		if (resolved == null || !WRITE.equals(request.getParameter("access")) || write.isEmpty()) {
			return resolved;
		}
		// incremental consent: the reading scopes and the writing ones, so the stored
		// token keeps both whatever the provider answers
		Set<String> scopes = new LinkedHashSet<>(resolved.getScopes());
		scopes.addAll(write);
		return OAuth2AuthorizationRequest.from(resolved).scopes(scopes).build();
	}

	private DefaultOAuth2AuthorizationRequestResolver resolverFor(String registrationId) {
		// the base URI only matters for the delegate's own matching, which we do not use
		DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(providers,
				"/auth/oauth2-unused");
		ConnectionProvider provider = providers.get(registrationId);
		resolver.setAuthorizationRequestCustomizer(provider::customize);
		return resolver;
	}

	private static boolean signedIn() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
	}

}
