package com.whiskeysocket.crm.staff;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.UpdateTimestamp;

/** A staff account that can sign in. */
@Entity
@Table(name = "staff_users")
class StaffUser {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, unique = true, length = 64)
	private String username;

	@Column(name = "display_name", nullable = false, length = 120)
	private String displayName;

	@Column(name = "password_hash", nullable = false, length = 255)
	private String passwordHash;

	@Column(name = "must_change_password", nullable = false)
	private boolean mustChangePassword;

	@Enumerated(EnumType.STRING)
	@Column(nullable = false, columnDefinition = "enum('ADMIN','STAFF')")
	private Role role;

	@Column(nullable = false)
	private boolean enabled = true;

	@CreationTimestamp
	@Column(name = "created_at", nullable = false, updatable = false)
	private Instant createdAt;

	@UpdateTimestamp
	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	protected StaffUser() {
	}

	StaffUser(String username, String displayName, String passwordHash, Role role) {
		this.username = username;
		this.displayName = displayName;
		this.passwordHash = passwordHash;
		this.role = role;
	}

	/**
	 * A new password the person chose themselves: the one-time password (if any) is
	 * spent.
	 */
	void changePassword(String newHash) {
		this.passwordHash = newHash;
		this.mustChangePassword = false;
	}

	/** A one-time password set by an admin, to be changed at the next sign-in. */
	void resetPassword(String oneTimeHash) {
		this.passwordHash = oneTimeHash;
		this.mustChangePassword = true;
	}

	/**
	 * A password someone else chose (an admin adding the account): changed at the next
	 * sign-in.
	 */
	void requirePasswordChange() {
		this.mustChangePassword = true;
	}

	/** The same password, stored under the current encoding (a bcrypt hash upgraded). */
	void rehash(String newHash) {
		this.passwordHash = newHash;
	}

	void disable() {
		this.enabled = false;
	}

	void enable() {
		this.enabled = true;
	}

	void changeRole(Role role) {
		this.role = role;
	}

	public Long getId() {
		return id;
	}

	public String getUsername() {
		return username;
	}

	public String getDisplayName() {
		return displayName;
	}

	String getPasswordHash() {
		return passwordHash;
	}

	public Role getRole() {
		return role;
	}

	public boolean isMustChangePassword() {
		return mustChangePassword;
	}

	public boolean isEnabled() {
		return enabled;
	}

	public Instant getCreatedAt() {
		return createdAt;
	}

}
