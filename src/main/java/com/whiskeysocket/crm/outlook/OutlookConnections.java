package com.whiskeysocket.crm.outlook;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import com.whiskeysocket.crm.outlook.OutlookConnectionException.Reason;

import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClientException;

/**
 * The staff members' Outlook connections: their state, disconnecting, and a valid access
 * token for work done on their behalf, refreshed (and the rotated refresh token stored)
 * before it expires.
 */
@Service
public class OutlookConnections {

	private final OutlookSettings settings;

	private final OutlookTokenStore store;

	private final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;

	private final OutlookDeltaLinks deltaLinks;

	/**
	 * One refresh at a time per staff member, so two refreshes never race in this
	 * process.
	 */
	private final Map<String, ReentrantLock> refreshLocks = new ConcurrentHashMap<>();

	OutlookConnections(OutlookSettings settings, OutlookTokenStore store,
			AuthorizedClientServiceOAuth2AuthorizedClientManager manager, OutlookDeltaLinks deltaLinks) {
		this.settings = settings;
		this.store = store;
		this.manager = manager;
		this.deltaLinks = deltaLinks;
	}

	/**
	 * A staff member's connection state, from the database alone (no call to Microsoft).
	 * @param staffId the staff member
	 * @return the state
	 */
	public ConnectionStatus status(long staffId) {
		if (!settings.configured()) {
			return ConnectionStatus.notConfigured();
		}
		return store.find(staffId)
			.map((row) -> new ConnectionStatus(true, !row.isNeedsReconnect(), row.getAccount(), row.isNeedsReconnect()))
			.orElseGet(() -> new ConnectionStatus(true, false, null, false));
	}

	/**
	 * Forgets a staff member's tokens. Their contacts stay.
	 * @param staffId the staff member
	 * @return whether there was a connection
	 */
	public boolean disconnect(long staffId) {
		// the next connection may be another mailbox: its first sync reads everything
		deltaLinks.deleteAll(staffId);
		return store.delete(staffId);
	}

	/**
	 * A connection with an access token valid for at least a few more minutes.
	 * @param username the staff member's username (the OAuth2 principal name)
	 * @return the authorized client
	 * @throws OutlookConnectionException when Outlook cannot be used now, and why
	 */
	OAuth2AuthorizedClient authorize(String username) {
		if (!settings.configured()) {
			throw new OutlookConnectionException(Reason.NOT_CONFIGURED);
		}
		ReentrantLock lock = refreshLocks.computeIfAbsent(username, (key) -> new ReentrantLock());
		lock.lock();
		try {
			OAuth2AuthorizedClient client = manager
				.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(OutlookProperties.REGISTRATION_ID)
					.principal(username)
					.build());
			if (client == null) {
				throw new OutlookConnectionException(
						needsReconnect(username) ? Reason.REAUTHORIZATION_REQUIRED : Reason.NOT_CONNECTED);
			}
			return client;
		}
		catch (OAuth2AuthorizationException ex) {
			throw new OutlookConnectionException(ReconnectOnDeadGrant.isDeadGrant(ex) ? Reason.REAUTHORIZATION_REQUIRED
					: Reason.MICROSOFT_UNAVAILABLE, ex);
		}
		catch (RestClientException ex) {
			throw new OutlookConnectionException(Reason.MICROSOFT_UNAVAILABLE, ex);
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * The same, as Spring's {@code OAuth2AuthorizedClientManager} for the Graph
	 * interceptor.
	 */
	OAuth2AuthorizedClient authorize(OAuth2AuthorizeRequest request) {
		return authorize(request.getPrincipal().getName());
	}

	/**
	 * Graph refused the access token (401): the next {@link #authorize} refreshes it. The
	 * connection itself stays.
	 */
	void accessTokenRejected(String username) {
		store.expireAccessToken(username);
	}

	private boolean needsReconnect(String username) {
		return store.findByPrincipal(username).map(OutlookToken::isNeedsReconnect).orElse(false);
	}

}
