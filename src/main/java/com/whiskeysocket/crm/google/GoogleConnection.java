package com.whiskeysocket.crm.google;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.whiskeysocket.crm.connections.AuthorizationError;
import com.whiskeysocket.crm.connections.ConnectionProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.stereotype.Component;

/**
 * Google as a connection provider: the {@code google} registration from
 * {@link GoogleProperties} with PKCE, the parameters that make Google hand out a refresh
 * token every time, the account's address from the People API, and the sync token
 * forgotten when the account may change.
 */
@Component
class GoogleConnection implements ConnectionProvider {

	private final ObjectProvider<PeopleClient> people;

	private final GoogleSyncTokens syncTokens;

	private final Optional<ClientRegistration> registration;

	GoogleConnection(GoogleProperties properties, ObjectProvider<PeopleClient> people, GoogleSyncTokens syncTokens) {
		this.people = people;
		this.syncTokens = syncTokens;
		this.registration = properties.hasClient() ? Optional.of(build(properties)) : Optional.empty();
	}

	private static ClientRegistration build(GoogleProperties properties) {
		return ClientRegistration.withRegistrationId(GoogleProperties.REGISTRATION_ID)
			.clientName("Google")
			.clientId(properties.clientId())
			.clientSecret(properties.clientSecret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(properties.redirectUri())
			.scope(GoogleProperties.SCOPES)
			.authorizationUri(properties.authorizationUri())
			.tokenUri(properties.tokenUri())
			// Spring Security applies PKCE by default only to public clients
			.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
			.build();
	}

	@Override
	public String registrationId() {
		return GoogleProperties.REGISTRATION_ID;
	}

	@Override
	public String messagePrefix() {
		return "google";
	}

	@Override
	public Optional<ClientRegistration> registration() {
		return registration;
	}

	/**
	 * Write-back asks for the full contacts scope by incremental consent
	 * ({@code include_granted_scopes=true} keeps the reading ones).
	 */
	@Override
	public Set<String> writeScopes() {
		return Set.of(GoogleProperties.WRITE_SCOPE);
	}

	/**
	 * A refresh token comes only with {@code access_type=offline}, and after the first
	 * consent only if consent is asked again.
	 */
	@Override
	public void customize(OAuth2AuthorizationRequest.Builder request) {
		request.additionalParameters((parameters) -> {
			parameters.put("access_type", "offline");
			parameters.put("prompt", "consent");
			parameters.put("include_granted_scopes", "true");
		});
	}

	@Override
	public Optional<AuthorizationError> describe(String error, String description) {
		return switch (error.toLowerCase(Locale.ROOT)) {
			case "admin_policy_enforced", "org_internal" -> Optional.of(AuthorizationError.SETUP);
			case "deleted_client" -> Optional.of(AuthorizationError.CREDENTIALS);
			case "disallowed_useragent" -> Optional.of(AuthorizationError.INCOMPLETE);
			default -> Optional.empty();
		};
	}

	@Override
	public Optional<String> accountName(OAuth2AuthorizedClient client, Map<String, Object> tokenResponse) {
		return people.getObject().accountName(client.getAccessToken());
	}

	@Override
	public void forgetSyncState(long staffId) {
		syncTokens.delete(staffId);
	}

}
