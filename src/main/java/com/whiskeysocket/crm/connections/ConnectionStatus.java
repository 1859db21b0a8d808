package com.whiskeysocket.crm.connections;

/**
 * A staff member's connection to one provider as pages and the API show it: never a
 * token.
 *
 * @param configured whether the admin has set the provider up
 * @param connected whether this staff member has a working connection
 * @param account the account at the provider, when known
 * @param needsReconnect whether the stored grant is dead (refused by the provider, or
 * sealed with a key no longer configured) and the staff member must connect again
 */
public record ConnectionStatus(boolean configured, boolean connected, String account, boolean needsReconnect) {

	/**
	 * The status of a provider nobody configured.
	 * @return not configured, not connected
	 */
	public static ConnectionStatus notConfigured() {
		return new ConnectionStatus(false, false, null, false);
	}

}
