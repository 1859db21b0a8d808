package com.whiskeysocket.crm.connections;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys that protect connection tokens at rest.
 *
 * @param encryptionKey {@code CRM_ENCRYPTION_KEY}, base64 AES key that seals every token
 * @param previousEncryptionKeys {@code CRM_ENCRYPTION_PREVIOUS_KEYS}, comma-separated
 * base64 keys that only open tokens sealed before a rotation
 */
@ConfigurationProperties("crm.connections")
record ConnectionsProperties(String encryptionKey, String previousEncryptionKeys) {

	@Override
	public String toString() {
		return "ConnectionsProperties[keys hidden]";
	}

}
