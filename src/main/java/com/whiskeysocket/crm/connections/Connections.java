package com.whiskeysocket.crm.connections;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.connections.ConnectionException.Reason;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver;
import org.springframework.security.oauth2.client.web.client.RequestAttributePrincipalResolver;
import org.springframework.web.client.RestClientException;

/**
 * The staff members' connections to every provider: their state, disconnecting, and a
 * valid access token for work done on their behalf, refreshed (and a rotated refresh
 * token stored) before it expires.
 */
public class Connections {

	private final ConnectionProviders providers;

	private final TokenStore store;

	private final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;

	/**
	 * One refresh at a time per staff member and provider, so two refreshes never race in
	 * this process.
	 */
	private final Map<String, ReentrantLock> refreshLocks = new ConcurrentHashMap<>();

	private final boolean hasKey;

	private final AuditLog audit;

	Connections(ConnectionProviders providers, TokenStore store,
			AuthorizedClientServiceOAuth2AuthorizedClientManager manager, boolean hasKey, AuditLog audit) {
		this.providers = providers;
		this.store = store;
		this.manager = manager;
		this.hasKey = hasKey;
		this.audit = audit;
	}

	/**
	 * Every node opens the stored tokens once at startup, when a key can have changed:
	 * tokens under a previous key are sealed again, unreadable ones need a reconnect.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void rekeyStoredTokens() {
		if (hasKey) {
			store.rekey();
		}
	}

	/**
	 * A staff member's connection state, from the database alone (no call to the
	 * provider).
	 * @param staffId the staff member
	 * @param provider the registration id
	 * @return the state
	 */
	public ConnectionStatus status(long staffId, String provider) {
		if (!providers.configured(provider)) {
			return ConnectionStatus.notConfigured();
		}
		return store.find(staffId, provider)
			.map((row) -> new ConnectionStatus(true, !row.isNeedsReconnect(), row.getAccount(), row.isNeedsReconnect()))
			.orElseGet(() -> new ConnectionStatus(true, false, null, false));
	}

	/**
	 * Whether a staff member's connection may write into their address book: connected,
	 * not waiting for a reconnect, and granted the provider's write scopes (incremental
	 * consent at {@code /auth/{provider}?access=write}).
	 * @param staffId the staff member
	 * @param provider the registration id
	 * @return whether writing is allowed
	 */
	public boolean canWrite(long staffId, String provider) {
		if (!providers.configured(provider)) {
			return false;
		}
		ConnectionProvider connection = providers.get(provider);
		return store.find(staffId, provider)
			.filter((row) -> !row.isNeedsReconnect())
			.map((row) -> connection.grantsWrite(TokenStore.scopes(row.getScope())))
			.orElse(false);
	}

	/**
	 * A staff member's connections to every provider in one read (for a page that shows
	 * several): each one's state and whether it may write, as {@link #status} and
	 * {@link #canWrite} would say, from the granted scopes stored with it (no token is
	 * opened).
	 * @param staffId the staff member
	 * @return the connections
	 */
	public ConnectionOverview overview(long staffId) {
		Map<String, ConnectionStatus> statuses = new java.util.HashMap<>();
		java.util.Set<String> writable = new java.util.HashSet<>();
		for (ConnectionToken row : store.findAll(staffId)) {
			String provider = row.getProvider();
			if (!providers.configured(provider)) {
				continue;
			}
			statuses.put(provider,
					new ConnectionStatus(true, !row.isNeedsReconnect(), row.getAccount(), row.isNeedsReconnect()));
			if (!row.isNeedsReconnect() && providers.get(provider).grantsWrite(TokenStore.scopes(row.getScope()))) {
				writable.add(provider);
			}
		}
		return new ConnectionOverview(statuses, writable, providers::configured);
	}

	/**
	 * Staff members whose connection can be used without them (by the sync scheduler):
	 * connected and not waiting for a reconnect. None if the provider is not configured.
	 * @param provider the registration id
	 * @return their ids
	 */
	public List<Long> connectedStaff(String provider) {
		return providers.configured(provider) ? store.connectedStaffIds(provider) : List.of();
	}

	/**
	 * Forgets a staff member's tokens and the provider's sync state. Their contacts stay.
	 * @param staffId the staff member
	 * @param provider the registration id
	 * @return whether there was a connection
	 */
	public boolean disconnect(long staffId, String provider) {
		// the next connection may be another account: its first sync reads everything
		providers.get(provider).forgetSyncState(staffId);
		boolean deleted = store.delete(staffId, provider);
		if (deleted) {
			audit.record("connection.disconnected", provider, null);
		}
		return deleted;
	}

	/**
	 * A connection with an access token valid for at least a few more minutes.
	 * @param username the staff member's username (the OAuth2 principal name)
	 * @param provider the registration id
	 * @return the authorized client
	 * @throws ConnectionException when the provider cannot be used now, and why
	 */
	public OAuth2AuthorizedClient authorize(String username, String provider) {
		if (!providers.configured(provider)) {
			throw new ConnectionException(Reason.NOT_CONFIGURED);
		}
		ReentrantLock lock = refreshLocks.computeIfAbsent(provider + ":" + username, (key) -> new ReentrantLock());
		lock.lock();
		try {
			OAuth2AuthorizedClient client = manager
				.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(provider).principal(username).build());
			if (client == null) {
				throw new ConnectionException(
						needsReconnect(username, provider) ? Reason.REAUTHORIZATION_REQUIRED : Reason.NOT_CONNECTED);
			}
			return client;
		}
		catch (OAuth2AuthorizationException ex) {
			if (ReconnectOnDeadGrant.isDeadGrant(ex)) {
				throw new ConnectionException(Reason.REAUTHORIZATION_REQUIRED, ex);
			}
			throw refreshFailed(username, provider, ex);
		}
		catch (RestClientException ex) {
			throw refreshFailed(username, provider, ex);
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * The provider refused the access token (401): the next {@link #authorize} refreshes
	 * it. The connection itself stays.
	 * @param username the staff member
	 * @param provider the registration id
	 */
	public void accessTokenRejected(String username, String provider) {
		store.expireAccessToken(username, provider);
	}

	/**
	 * A {@code RestClient} interceptor that sends the staff member's access token, named
	 * per request with {@link RequestAttributePrincipalResolver#principal(String)} and
	 * {@link RequestAttributeClientRegistrationIdResolver#clientRegistrationId(String)};
	 * a 401 from the provider expires the token so the next request refreshes it.
	 * @return the interceptor
	 */
	public ClientHttpRequestInterceptor bearerTokens() {
		OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(
				(request) -> authorize(request.getPrincipal().getName(), request.getClientRegistrationId()));
		interceptor.setPrincipalResolver(new RequestAttributePrincipalResolver());
		interceptor.setClientRegistrationIdResolver(new RequestAttributeClientRegistrationIdResolver());
		interceptor.setAuthorizationFailureHandler((failure, principal, attributes) -> {
			if (OAuth2ErrorCodes.INVALID_TOKEN.equals(failure.getError().getErrorCode())
					&& failure instanceof ClientAuthorizationException client) {
				store.expireAccessToken(principal.getName(), client.getClientRegistrationId());
			}
		});
		return interceptor;
	}

	private ConnectionException refreshFailed(String username, String provider, RuntimeException ex) {
		audit.recordAs(username, "connection.refresh-failed", provider, ex.getClass().getSimpleName());
		return new ConnectionException(Reason.PROVIDER_UNAVAILABLE, ex);
	}

	private boolean needsReconnect(String username, String provider) {
		return store.findByPrincipal(username, provider).map(ConnectionToken::isNeedsReconnect).orElse(false);
	}

}
