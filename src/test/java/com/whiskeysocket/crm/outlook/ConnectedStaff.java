package com.whiskeysocket.crm.outlook;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * Puts a staff member's connection straight into the token store, as a finished connect
 * would: Outlook's (also for {@code benchmark.OutlookSyncBenchmark}), or any provider's
 * with the scopes given.
 */
public final class ConnectedStaff {

	private ConnectedStaff() {
	}

	public static void connect(OAuth2AuthorizedClientService store, ClientRegistrationRepository registrations,
			String username, String accessToken, String refreshToken, String scope, Instant expiresAt) {
		connect(store, registrations, "microsoft", username, accessToken, refreshToken, Set.of(scope), expiresAt);
	}

	/**
	 * A connection to any provider, its access token issued a minute before it expires.
	 * @param registrationId {@code google} or {@code microsoft}
	 */
	public static void connect(OAuth2AuthorizedClientService store, ClientRegistrationRepository registrations,
			String registrationId, String username, String accessToken, String refreshToken, Set<String> scopes,
			Instant expiresAt) {
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(registrations.findByRegistrationId(registrationId),
				username, new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessToken,
						expiresAt.minusSeconds(60), expiresAt, scopes),
				new OAuth2RefreshToken(refreshToken, null));
		store.saveAuthorizedClient(client,
				UsernamePasswordAuthenticationToken.authenticated(username, null, List.of()));
	}

}
