package com.whiskeysocket.crm.connections;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * What a provider module tells the connections module about itself. One bean per
 * provider; everything here runs in the connections module's flows (connect, callback,
 * disconnect), so a provider never touches the token store.
 */
public interface ConnectionProvider {

	/**
	 * The OAuth2 registration id, also the path segment of {@code /auth/{id}} and the
	 * {@code provider} column of stored connections.
	 * @return e.g. {@code microsoft}
	 */
	String registrationId();

	/**
	 * The prefix of this provider's UI messages: {@code <prefix>.notConfigured},
	 * {@code <prefix>.justConnected}, {@code <prefix>.error.<case>}.
	 * @return e.g. {@code outlook}
	 */
	String messagePrefix();

	/**
	 * The client registration, when the administrator has set the provider up.
	 * @return empty when not configured
	 */
	Optional<ClientRegistration> registration();

	/**
	 * The scopes that let the CRM write into the staff member's address book, asked for
	 * by incremental consent at {@code /auth/{id}?access=write} on top of the reading
	 * ones.
	 * @return empty when the provider is never written to
	 */
	default Set<String> writeScopes() {
		return Set.of();
	}

	/**
	 * Whether a scope the provider granted is one of {@link #writeScopes()}: providers
	 * may answer a scope without its resource prefix.
	 * @param granted the scopes of the stored token
	 * @return whether every write scope is among them
	 */
	default boolean grantsWrite(Set<String> granted) {
		return !writeScopes().isEmpty() && granted.containsAll(writeScopes());
	}

	/**
	 * Adds provider-specific parameters to the authorization request.
	 * @param request the request being built
	 */
	default void customize(OAuth2AuthorizationRequest.Builder request) {
	}

	/**
	 * A provider's own reading of an error its authorization server reported, before the
	 * standard OAuth2 error codes are looked at.
	 * @param error the {@code error} parameter
	 * @param description the {@code error_description}: attacker-controllable, never to
	 * be shown
	 * @return the case, if the provider recognizes it
	 */
	default Optional<AuthorizationError> describe(String error, String description) {
		return Optional.empty();
	}

	/**
	 * The account just connected, for "Connected to … (account)".
	 * @param client the new connection, with a fresh access token
	 * @param tokenResponse the token response's additional parameters (such as an
	 * {@code id_token})
	 * @return the account name, if it can be learnt
	 */
	default Optional<String> accountName(OAuth2AuthorizedClient client, Map<String, Object> tokenResponse) {
		return Optional.empty();
	}

	/**
	 * Forgets a staff member's sync state (cursors): a new connection may be another
	 * account, and a disconnect ends the old one.
	 * @param staffId the staff member
	 */
	default void forgetSyncState(long staffId) {
	}

}
