package com.whiskeysocket.crm.sync;

/**
 * A {@link ContactSource} that reads through each staff member's OAuth2 connection of the
 * {@code connections} module (Outlook, Google). Such a source gets, with nothing more to
 * write, {@code GET /api/{provider}/sync-status}, {@code POST
 * /api/{provider}/sync-contacts} and {@code POST /api/{provider}/disconnect}
 * ({@code {provider}} being {@link #provider()} in lower case) and its column of the sync
 * panel ({@code sync/connected-panel.html}). Its UI messages use the provider's name as
 * prefix ({@code outlook.api.notConnected}, {@code outlook.sync.running}…).
 */
public interface ConnectedContactSource extends ContactSource {

	/**
	 * The connection this source reads with.
	 * @return the {@code ConnectionProvider}'s registration id, e.g. {@code microsoft}
	 */
	String registrationId();

	/**
	 * The stable error code the API answers with when the provider cannot be reached or
	 * failed during a run.
	 * @return e.g. {@code graph_unavailable}
	 */
	String unavailableCode();

}
