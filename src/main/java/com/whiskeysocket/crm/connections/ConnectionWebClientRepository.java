package com.whiskeysocket.crm.connections;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;

/**
 * Where the callback's new connection goes: the signed-in staff member's row of the token
 * store (never the HTTP session), with the account name when the provider can tell it.
 */
class ConnectionWebClientRepository implements OAuth2AuthorizedClientRepository {

	/**
	 * Session attribute the callback page reads once to say "Connected to …": the
	 * registration id just connected.
	 */
	static final String JUST_CONNECTED = ConnectionWebClientRepository.class.getName() + ".justConnected";

	private final TokenStore store;

	private final ConnectionProviders providers;

	private final AuditLog audit;

	ConnectionWebClientRepository(TokenStore store, ConnectionProviders providers, AuditLog audit) {
		this.store = store;
		this.providers = providers;
		this.audit = audit;
	}

	@Override
	public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, Authentication principal,
			HttpServletRequest request) {
		return signedIn(principal) ? store.loadAuthorizedClient(registrationId, principal.getName()) : null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal,
			HttpServletRequest request, HttpServletResponse response) {
		if (!signedIn(principal)) {
			// the resolver starts the flow only for signed-in staff; a session that lost
			// its login keeps nothing
			return;
		}
		String registrationId = client.getClientRegistration().getRegistrationId();
		ConnectionProvider provider = providers.get(registrationId);
		Map<String, Object> tokenResponse = (request
			.getAttribute(TokenResponseCapturingClient.ATTRIBUTE) instanceof Map<?, ?> captured)
					? (Map<String, Object>) captured : Map.of();
		String account = provider.accountName(client, tokenResponse).orElse(null);
		store.save(client, principal, account);
		audit.recordAs(principal.getName(), "connection.connected", registrationId, null);
		if (principal.getPrincipal() instanceof StaffPrincipal staff) {
			// a new connection may be another account: its first sync reads everything
			provider.forgetSyncState(staff.id());
		}
		request.getSession().setAttribute(JUST_CONNECTED, registrationId);
	}

	@Override
	public void removeAuthorizedClient(String registrationId, Authentication principal, HttpServletRequest request,
			HttpServletResponse response) {
		if (signedIn(principal)) {
			store.removeAuthorizedClient(registrationId, principal.getName());
		}
	}

	private static boolean signedIn(Authentication principal) {
		return principal != null && principal.isAuthenticated() && !(principal instanceof AnonymousAuthenticationToken);
	}

}
