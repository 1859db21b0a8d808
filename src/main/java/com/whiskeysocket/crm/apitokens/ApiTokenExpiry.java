package com.whiskeysocket.crm.apitokens;

import java.time.Duration;
import java.time.Instant;

/** The lifetimes a person can choose for a new token. */
enum ApiTokenExpiry {

	DAYS_30(Duration.ofDays(30)), DAYS_90(Duration.ofDays(90)), DAYS_365(Duration.ofDays(365)), NEVER(null);

	private final Duration lifetime;

	ApiTokenExpiry(Duration lifetime) {
		this.lifetime = lifetime;
	}

	/**
	 * When a token created now expires.
	 * @param now the moment of creation
	 * @return the expiry, {@code null} for never
	 */
	Instant expiresAt(Instant now) {
		return (lifetime != null) ? now.plus(lifetime) : null;
	}

}
