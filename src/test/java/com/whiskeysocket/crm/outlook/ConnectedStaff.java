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
 * Puts a staff member's Outlook connection straight into the token store, as a finished
 * connect would (also for {@code benchmark.OutlookSyncBenchmark}).
 */
public final class ConnectedStaff {

	private ConnectedStaff() {
	}

	public static void connect(OAuth2AuthorizedClientService store, ClientRegistrationRepository registrations,
			String username, String accessToken, String refreshToken, String scope, Instant expiresAt) {
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(registrations.findByRegistrationId("microsoft"),
				username, new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessToken,
						expiresAt.minusSeconds(60), expiresAt, Set.of(scope)),
				new OAuth2RefreshToken(refreshToken, null));
		store.saveAuthorizedClient(client,
				UsernamePasswordAuthenticationToken.authenticated(username, null, List.of()));
	}

}
