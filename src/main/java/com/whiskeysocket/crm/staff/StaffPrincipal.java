package com.whiskeysocket.crm.staff;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in staff member, as other modules see them: an id to key their data by,
 * never a password.
 */
public final class StaffPrincipal implements UserDetails, CredentialsContainer {

	/**
	 * The id Java computed for this class before {@code mustChangePassword} was added:
	 * sessions stored in the database before then stay readable (the new field reads as
	 * {@code false}).
	 */
	private static final long serialVersionUID = 7331307222896108431L;

	private final long id;

	private final String username;

	private final String displayName;

	private final Role role;

	private final boolean enabled;

	private final boolean mustChangePassword;

	private transient String passwordHash;

	StaffPrincipal(long id, String username, String displayName, Role role, boolean enabled, boolean mustChangePassword,
			String passwordHash) {
		this.id = id;
		this.mustChangePassword = mustChangePassword;
		this.username = username;
		this.displayName = displayName;
		this.role = role;
		this.enabled = enabled;
		this.passwordHash = passwordHash;
	}

	static StaffPrincipal of(StaffUser user) {
		return new StaffPrincipal(user.getId(), user.getUsername(), user.getDisplayName(), user.getRole(),
				user.isEnabled(), user.isMustChangePassword(), user.getPasswordHash());
	}

	public long id() {
		return id;
	}

	public String displayName() {
		return displayName;
	}

	public Role role() {
		return role;
	}

	/**
	 * Whether this person signed in with a one-time password an admin set: until they
	 * choose their own, the change-password page is all they may open.
	 */
	public boolean mustChangePassword() {
		return mustChangePassword;
	}

	/** The same person after choosing their own password. */
	StaffPrincipal withPasswordChanged() {
		return new StaffPrincipal(id, username, displayName, role, enabled, false, null);
	}

	public boolean isAdmin() {
		return role == Role.ADMIN;
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()));
	}

	@Override
	public String getPassword() {
		return passwordHash;
	}

	@Override
	public String getUsername() {
		return username;
	}

	@Override
	public boolean isEnabled() {
		return enabled;
	}

	@Override
	public void eraseCredentials() {
		this.passwordHash = null;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof StaffPrincipal that && this.id == that.id;
	}

	@Override
	public int hashCode() {
		return Objects.hash(id);
	}

	@Override
	public String toString() {
		return "StaffPrincipal[id=" + id + ", username=" + username + "]";
	}

}
