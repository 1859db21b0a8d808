package com.whiskeysocket.crm.connections;

import java.util.Map;

import com.whiskeysocket.crm.audit.AuditLog;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * When the provider says the grant is dead ({@code invalid_grant}: revoked, expired,
 * password reset), the connection is marked "reconnect needed" and its tokens are
 * forgotten. Anything else (a 5xx, a timeout) leaves the stored tokens alone.
 */
class ReconnectOnDeadGrant implements OAuth2AuthorizationFailureHandler {

	private final TokenStore store;

	private final AuditLog audit;

	ReconnectOnDeadGrant(TokenStore store, AuditLog audit) {
		this.store = store;
		this.audit = audit;
	}

	@Override
	public void onAuthorizationFailure(OAuth2AuthorizationException failure, Authentication principal,
			Map<String, Object> attributes) {
		if (failure instanceof ClientAuthorizationException clientFailure && isDeadGrant(failure)) {
			store.markNeedsReconnect(principal.getName(), clientFailure.getClientRegistrationId());
			audit.recordAs(principal.getName(), "connection.reconnect-needed", clientFailure.getClientRegistrationId(),
					"the provider refused the stored grant");
		}
	}

	static boolean isDeadGrant(OAuth2AuthorizationException failure) {
		return OAuth2ErrorCodes.INVALID_GRANT.equals(failure.getError().getErrorCode());
	}

}
