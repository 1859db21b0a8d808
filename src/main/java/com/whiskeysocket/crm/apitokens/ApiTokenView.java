package com.whiskeysocket.crm.apitokens;

import java.time.Instant;

/**
 * One token as the token pages show it: never the token, only its first characters.
 *
 * @param id the token's id
 * @param name what it is for
 * @param hint its first characters, e.g. {@code wsc_Ab3x}
 * @param ownerUsername whose it is
 * @param ownerName the owner's display name
 * @param createdAt when it was created
 * @param expiresAt when it expires, {@code null} for never
 * @param lastUsedAt when it was last used (to the minute), {@code null} if never
 * @param revokedAt when it was revoked, {@code null} if not
 * @param status active, expired or revoked
 */
record ApiTokenView(long id, String name, String hint, String ownerUsername, String ownerName, Instant createdAt,
		Instant expiresAt, Instant lastUsedAt, Instant revokedAt, ApiTokenStatus status) {

	public boolean active() {
		return status == ApiTokenStatus.ACTIVE;
	}

	public boolean revoked() {
		return status == ApiTokenStatus.REVOKED;
	}

}
