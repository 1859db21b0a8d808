package com.whiskeysocket.crm.outlook;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Starts the authorization-code flow at {@code GET /auth/microsoft}, for signed-in staff
 * only: anyone else falls through to the login page, and when Outlook is not configured
 * the request reaches {@link OutlookAuthController}, which says so.
 */
class MicrosoftAuthorizationRequestResolver implements OAuth2AuthorizationRequestResolver {

	static final String START_PATH = "/auth/microsoft";

	private final RequestMatcher start = PathPatternRequestMatcher.withDefaults()
		.matcher(org.springframework.http.HttpMethod.GET, START_PATH);

	private final DefaultOAuth2AuthorizationRequestResolver delegate;

	private final OutlookSettings settings;

	MicrosoftAuthorizationRequestResolver(ClientRegistrationRepository registrations, OutlookSettings settings) {
		// the base URI only matters for the delegate's own matching, which we do not use
		this.delegate = new DefaultOAuth2AuthorizationRequestResolver(registrations, "/auth/oauth2-unused");
		this.settings = settings;
	}

	@Override
	public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
		if (!start.matches(request) || !settings.configured() || !signedIn()) {
			return null;
		}
		return delegate.resolve(request, OutlookProperties.REGISTRATION_ID);
	}

	@Override
	public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
		return settings.configured() && signedIn() ? delegate.resolve(request, clientRegistrationId) : null;
	}

	private static boolean signedIn() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
	}

}
