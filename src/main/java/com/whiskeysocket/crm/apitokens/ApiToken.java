package com.whiskeysocket.crm.apitokens;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A personal access token for scripts: only the SHA-256 of the token is kept. Usable
 * until it expires or is revoked; revoking twice is refused.
 */
@Entity
@Table(name = "api_tokens")
class ApiToken {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "staff_id", nullable = false, updatable = false)
	private long staffId;

	@Column(nullable = false, length = 100, updatable = false)
	private String name;

	@Column(name = "token_hash", nullable = false, length = 64, updatable = false, columnDefinition = "char(64)")
	private String tokenHash;

	@Column(name = "token_hint", nullable = false, length = 12, updatable = false)
	private String tokenHint;

	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@Column(name = "expires_at", updatable = false)
	private Instant expiresAt;

	@Column(name = "last_used_at", insertable = false, updatable = false)
	private Instant lastUsedAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	@Column(name = "revoked_by", length = 64)
	private String revokedBy;

	protected ApiToken() {
	}

	ApiToken(long staffId, String name, String tokenHash, String tokenHint, Instant createdAt, Instant expiresAt) {
		this.staffId = staffId;
		this.name = name;
		this.tokenHash = tokenHash;
		this.tokenHint = tokenHint;
		this.createdAt = createdAt;
		this.expiresAt = expiresAt;
	}

	/**
	 * Whether the token may be used at the given moment.
	 * @param now the moment of use
	 * @return {@code false} once revoked or expired
	 */
	boolean usableAt(Instant now) {
		return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
	}

	/**
	 * Revokes the token.
	 * @param by who revokes it
	 * @param now when
	 * @return {@code false} if it was revoked already
	 */
	boolean revoke(String by, Instant now) {
		if (revokedAt != null) {
			return false;
		}
		this.revokedAt = now;
		this.revokedBy = by;
		return true;
	}

	ApiTokenStatus statusAt(Instant now) {
		if (revokedAt != null) {
			return ApiTokenStatus.REVOKED;
		}
		return usableAt(now) ? ApiTokenStatus.ACTIVE : ApiTokenStatus.EXPIRED;
	}

	Long getId() {
		return id;
	}

	long getStaffId() {
		return staffId;
	}

	String getName() {
		return name;
	}

	String getTokenHint() {
		return tokenHint;
	}

	Instant getCreatedAt() {
		return createdAt;
	}

	Instant getExpiresAt() {
		return expiresAt;
	}

	Instant getLastUsedAt() {
		return lastUsedAt;
	}

	Instant getRevokedAt() {
		return revokedAt;
	}

}
