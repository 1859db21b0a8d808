package com.whiskeysocket.crm.outlook;

/**
 * A staff member's Outlook connection as pages and the API show it: never a token.
 *
 * @param configured whether the admin has set Outlook up
 * @param connected whether this staff member has a working connection
 * @param account the Microsoft account, when known
 * @param needsReconnect whether Microsoft refused the stored grant and the staff member
 * must connect again
 */
public record ConnectionStatus(boolean configured, boolean connected, String account, boolean needsReconnect) {

	static ConnectionStatus notConfigured() {
		return new ConnectionStatus(false, false, null, false);
	}

}
