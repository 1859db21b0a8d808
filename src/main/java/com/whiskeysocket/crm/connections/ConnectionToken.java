package com.whiskeysocket.crm.connections;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.UpdateTimestamp;

/**
 * One staff member's connection to one provider. Token columns hold {@link TokenCipher}
 * ciphertext, never a plaintext token.
 */
@Entity
@Table(name = "oauth_connections")
class ConnectionToken {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "staff_user_id", nullable = false)
	private long staffUserId;

	@Column(nullable = false, length = 32)
	private String provider;

	@Column(name = "principal_name", nullable = false, length = 64)
	private String principalName;

	@Column(length = 320)
	private String account;

	@Column(name = "access_token", nullable = false, columnDefinition = "text")
	private String accessToken;

	@Column(name = "refresh_token", columnDefinition = "text")
	private String refreshToken;

	@Column(name = "token_type", nullable = false, length = 32)
	private String tokenType = "Bearer";

	@Column(name = "access_token_issued_at")
	private Instant accessTokenIssuedAt;

	@Column(name = "access_token_expires_at")
	private Instant accessTokenExpiresAt;

	@Column(length = 1000)
	private String scope;

	@Column(name = "needs_reconnect", nullable = false)
	private boolean needsReconnect;

	@Version
	private long version;

	@CreationTimestamp
	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@UpdateTimestamp
	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected ConnectionToken() {
	}

	ConnectionToken(long staffUserId, String provider, String principalName) {
		this.staffUserId = staffUserId;
		this.provider = provider;
		this.principalName = principalName;
	}

	/**
	 * Stores a token set. The caller encrypts; a {@code null} refresh token keeps the one
	 * stored, as a provider may answer a refresh without a new one (Google never
	 * rotates).
	 */
	void store(String encryptedAccessToken, String encryptedRefreshToken, Instant issuedAt, Instant expiresAt,
			String scope) {
		this.accessToken = encryptedAccessToken;
		if (encryptedRefreshToken != null) {
			this.refreshToken = encryptedRefreshToken;
		}
		this.accessTokenIssuedAt = issuedAt;
		this.accessTokenExpiresAt = expiresAt;
		this.scope = scope;
		this.needsReconnect = false;
	}

	/** Whether the stored access token was issued after {@code issuedAt}. */
	boolean holdsNewerTokenThan(Instant issuedAt) {
		return !needsReconnect && accessTokenIssuedAt != null && issuedAt != null
				&& accessTokenIssuedAt.isAfter(issuedAt);
	}

	/**
	 * The grant is dead (revoked, expired, undecryptable): forget the tokens, keep the
	 * marker.
	 */
	void markNeedsReconnect() {
		this.needsReconnect = true;
		this.accessToken = "";
		this.refreshToken = null;
		this.accessTokenExpiresAt = null;
	}

	/**
	 * Seals the tokens again (key rotation) without changing what they are or when they
	 * expire.
	 */
	void reseal(String encryptedAccessToken, String encryptedRefreshToken) {
		this.accessToken = encryptedAccessToken;
		this.refreshToken = encryptedRefreshToken;
	}

	/** Makes the next use refresh the access token, after the provider refused it. */
	void expireAccessToken(Instant now) {
		this.accessTokenExpiresAt = now.minusSeconds(1);
		if (accessTokenIssuedAt != null && !accessTokenExpiresAt.isAfter(accessTokenIssuedAt)) {
			this.accessTokenIssuedAt = accessTokenExpiresAt.minusSeconds(1);
		}
	}

	void setAccount(String account) {
		this.account = account;
	}

	Long getId() {
		return id;
	}

	long getStaffUserId() {
		return staffUserId;
	}

	String getProvider() {
		return provider;
	}

	String getPrincipalName() {
		return principalName;
	}

	String getAccount() {
		return account;
	}

	String getAccessToken() {
		return accessToken;
	}

	String getRefreshToken() {
		return refreshToken;
	}

	Instant getAccessTokenIssuedAt() {
		return accessTokenIssuedAt;
	}

	Instant getAccessTokenExpiresAt() {
		return accessTokenExpiresAt;
	}

	String getScope() {
		return scope;
	}

	boolean isNeedsReconnect() {
		return needsReconnect;
	}

}
