package com.whiskeysocket.crm.outlook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where the callback's new connection goes: the signed-in staff member's row of the token
 * store (never the HTTP session), with the Microsoft account name when it can be learnt.
 */
class OutlookWebClientRepository implements OAuth2AuthorizedClientRepository {

	/** Session flag the callback page reads once to say "Connected to Outlook". */
	static final String JUST_CONNECTED = OutlookWebClientRepository.class.getName() + ".justConnected";

	private final OutlookTokenStore store;

	private final GraphClient graph;

	private final JsonMapper json;

	private final OutlookDeltaLinks deltaLinks;

	OutlookWebClientRepository(OutlookTokenStore store, GraphClient graph, JsonMapper json,
			OutlookDeltaLinks deltaLinks) {
		this.store = store;
		this.graph = graph;
		this.json = json;
		this.deltaLinks = deltaLinks;
	}

	@Override
	public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, Authentication principal,
			HttpServletRequest request) {
		return signedIn(principal) ? store.loadAuthorizedClient(registrationId, principal.getName()) : null;
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal,
			HttpServletRequest request, HttpServletResponse response) {
		if (!signedIn(principal)) {
			// the resolver starts the flow only for signed-in staff; a session that lost
			// its login keeps nothing
			return;
		}
		String account = accountFromIdToken(request).or(() -> graph.accountName(client.getAccessToken())).orElse(null);
		store.save(client, principal, account);
		if (principal.getPrincipal() instanceof StaffPrincipal staff) {
			// a new connection may be another mailbox: its first sync reads everything
			deltaLinks.deleteAll(staff.id());
		}
		request.getSession().setAttribute(JUST_CONNECTED, Boolean.TRUE);
	}

	@Override
	public void removeAuthorizedClient(String registrationId, Authentication principal, HttpServletRequest request,
			HttpServletResponse response) {
		if (signedIn(principal)) {
			store.removeAuthorizedClient(registrationId, principal.getName());
		}
	}

	/**
	 * The account from the id_token's claims. It came straight from the token endpoint
	 * over TLS in this request, so its signature need not be checked to read a display
	 * name.
	 */
	private Optional<String> accountFromIdToken(HttpServletRequest request) {
		if (!(request.getAttribute(IdTokenCapturingTokenResponseClient.ID_TOKEN_ATTRIBUTE) instanceof String idToken)) {
			return Optional.empty();
		}
		String[] parts = idToken.split("\\.");
		if (parts.length < 2) {
			return Optional.empty();
		}
		try {
			JsonNode claims = json
				.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
			for (String claim : new String[] { "preferred_username", "email", "upn", "name" }) {
				String value = claims.path(claim).asString("");
				if (!value.isBlank()) {
					return Optional.of(value);
				}
			}
		}
		catch (RuntimeException ex) {
			// an unreadable id_token only costs the display name
		}
		return Optional.empty();
	}

	private static boolean signedIn(Authentication principal) {
		return principal != null && principal.isAuthenticated() && !(principal instanceof AnonymousAuthenticationToken);
	}

}
