package com.whiskeysocket.crm.outlook;

import java.util.Optional;

import javax.crypto.SecretKey;

/**
 * Whether Outlook can be used: a client id and a key to keep tokens encrypted.
 *
 * @param properties the configuration
 * @param key the token key, if there is one
 */
record OutlookSettings(OutlookProperties properties, Optional<SecretKey> key) {

	boolean configured() {
		return properties.hasClient() && key.isPresent();
	}

	@Override
	public String toString() {
		return "OutlookSettings[configured=" + configured() + "]";
	}

}
