package com.whiskeysocket.crm.outlook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Microsoft as a connection provider: the {@code microsoft} registration from
 * {@link OutlookProperties} (PKCE even though the client is confidential), the AADSTS
 * codes behind a failed sign-in, the account name from the id_token or Graph, and the
 * delta links forgotten when the mailbox may change.
 */
@Component
class MicrosoftConnection implements ConnectionProvider {

	private final OutlookProperties properties;

	private final ObjectProvider<GraphClient> graph;

	private final OutlookDeltaLinks deltaLinks;

	private final ObjectProvider<OutlookSubscriptionKeeper> subscriptions;

	private final JsonMapper json;

	private final Optional<ClientRegistration> registration;

	MicrosoftConnection(OutlookProperties properties, ObjectProvider<GraphClient> graph, OutlookDeltaLinks deltaLinks,
			ObjectProvider<OutlookSubscriptionKeeper> subscriptions, JsonMapper json) {
		this.properties = properties;
		this.graph = graph;
		this.deltaLinks = deltaLinks;
		this.subscriptions = subscriptions;
		this.json = json;
		this.registration = properties.hasClient() ? Optional.of(build(properties)) : Optional.empty();
	}

	private static ClientRegistration build(OutlookProperties properties) {
		return ClientRegistration.withRegistrationId(OutlookProperties.REGISTRATION_ID)
			.clientName("Microsoft")
			.clientId(properties.clientId())
			.clientSecret(properties.clientSecret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(properties.redirectUri())
			.scope(properties.requestedScopes())
			.authorizationUri(properties.authorizationUri())
			.tokenUri(properties.tokenUri())
			// Spring Security applies PKCE by default only to public clients
			.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
			.build();
	}

	@Override
	public String registrationId() {
		return OutlookProperties.REGISTRATION_ID;
	}

	@Override
	public String messagePrefix() {
		return "outlook";
	}

	@Override
	public Optional<ClientRegistration> registration() {
		return registration;
	}

	/**
	 * Write-back asks for {@code Contacts.ReadWrite} by incremental consent at
	 * {@code /auth/microsoft?access=write}; the reading scopes are asked again with it.
	 */
	@Override
	public Set<String> writeScopes() {
		return Set.of(properties.writeScope());
	}

	/**
	 * Microsoft may answer a Graph scope without its resource
	 * ({@code Contacts.ReadWrite}), in any case.
	 */
	@Override
	public boolean grantsWrite(Set<String> granted) {
		String wanted = "contacts.readwrite";
		return granted.stream()
			.map((scope) -> scope.substring(scope.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT))
			.anyMatch(wanted::equals);
	}

	/**
	 * The AADSTS code in Microsoft's description says more than its OAuth2 error code; it
	 * is only searched, never shown.
	 */
	@Override
	public Optional<AuthorizationError> describe(String error, String description) {
		String details = (description != null) ? description : "";
		AuthorizationError standard = AuthorizationError.of(error);
		if (details.contains("AADSTS7000215") || details.contains("AADSTS700016") || details.contains("AADSTS7000222")
				|| standard == AuthorizationError.CREDENTIALS) {
			return Optional.of(AuthorizationError.CREDENTIALS);
		}
		if (details.contains("AADSTS65001") || details.contains("AADSTS65004")
				|| standard == AuthorizationError.DECLINED) {
			return Optional.of(AuthorizationError.DECLINED);
		}
		if (details.contains("AADSTS70008") || details.contains("AADSTS54005")
				|| standard == AuthorizationError.CODE_EXPIRED) {
			return Optional.of(AuthorizationError.CODE_EXPIRED);
		}
		if (details.contains("AADSTS50011") && standard != AuthorizationError.SCOPE) {
			return Optional.of(AuthorizationError.SETUP);
		}
		return Optional.empty();
	}

	@Override
	public Optional<String> accountName(OAuth2AuthorizedClient client, Map<String, Object> tokenResponse) {
		return accountFromIdToken(tokenResponse.get("id_token"))
			.or(() -> graph.getObject().accountName(client.getAccessToken()));
	}

	@Override
	public void forgetSyncState(long staffId) {
		deltaLinks.deleteAll(staffId);
		// a disconnect ends the subscription while the token still works; a connect makes
		// a new one for the (maybe other) mailbox
		subscriptions.getObject().forget(staffId);
	}

	/**
	 * The account from the id_token's claims (present when {@code openid} is among the
	 * scopes). It came straight from the token endpoint over TLS in this request, so its
	 * signature need not be checked to read a display name.
	 */
	private Optional<String> accountFromIdToken(Object idToken) {
		if (!(idToken instanceof String value)) {
			return Optional.empty();
		}
		String[] parts = value.split("\\.");
		if (parts.length < 2) {
			return Optional.empty();
		}
		try {
			JsonNode claims = json
				.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
			for (String claim : new String[] { "preferred_username", "email", "upn", "name" }) {
				String name = claims.path(claim).asString("");
				if (!name.isBlank()) {
					return Optional.of(name);
				}
			}
		}
		catch (RuntimeException ex) {
			// an unreadable id_token only costs the display name
		}
		return Optional.empty();
	}

}
