package com.whiskeysocket.crm.outlook;

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
 * One staff member's Outlook connection. Token columns hold {@link TokenCipher}
 * ciphertext, never a plaintext token.
 */
@Entity
@Table(name = "outlook_tokens")
class OutlookToken {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "staff_user_id", nullable = false, unique = true)
	private long staffUserId;

	@Column(name = "principal_name", nullable = false, unique = true, length = 64)
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

	protected OutlookToken() {
	}

	OutlookToken(long staffUserId, String principalName) {
		this.staffUserId = staffUserId;
		this.principalName = principalName;
	}

	/**
	 * Stores a token set. The caller encrypts; a {@code null} refresh token keeps the one
	 * stored, as Microsoft may answer a refresh without a new one.
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

	/** Makes the next use refresh the access token, after Graph refused it. */
	void expireAccessToken(Instant now) {
		this.accessTokenExpiresAt = now.minusSeconds(1);
		if (accessTokenIssuedAt != null && !accessTokenExpiresAt.isAfter(accessTokenIssuedAt)) {
			this.accessTokenIssuedAt = accessTokenExpiresAt.minusSeconds(1);
		}
	}

	void setAccount(String account) {
		this.account = account;
	}

	long getStaffUserId() {
		return staffUserId;
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
