package com.whiskeysocket.crm.connections;

import java.util.List;
import java.util.Optional;

import javax.crypto.SecretKey;

/**
 * The keys for tokens at rest.
 *
 * @param current seals every token; empty when none is configured (then no provider is
 * usable)
 * @param previous only open tokens sealed before a rotation
 */
record TokenKeys(Optional<SecretKey> current, List<SecretKey> previous) {

	@Override
	public String toString() {
		return "TokenKeys[current=" + current.isPresent() + ", previous=" + previous.size() + "]";
	}

}
