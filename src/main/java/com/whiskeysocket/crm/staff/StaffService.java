package com.whiskeysocket.crm.staff;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.whiskeysocket.crm.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Staff accounts: sign-in lookups, what the admin page changes and passwords. A bcrypt
 * hash from before PBKDF2 is re-encoded at its owner's next successful sign-in
 * ({@link #updatePassword}).
 */
@Service
class StaffService implements UserDetailsService, UserDetailsPasswordService {

	private static final Logger log = LoggerFactory.getLogger(StaffService.class);

	/** No 0/O, 1/l/I: a one-time password is read off a screen and typed. */
	private static final String ONE_TIME_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	private final SecureRandom random = new SecureRandom();

	private final StaffRepository staff;

	private final PasswordEncoder passwordEncoder;

	private final SessionRegistry sessions;

	private final AuditLog audit;

	StaffService(StaffRepository staff, PasswordEncoder passwordEncoder, SessionRegistry sessions, AuditLog audit) {
		this.staff = staff;
		this.passwordEncoder = passwordEncoder;
		this.sessions = sessions;
		this.audit = audit;
	}

	@Override
	@Transactional(readOnly = true)
	public UserDetails loadUserByUsername(String username) {
		return staff.findByUsername(username)
			.map(StaffPrincipal::of)
			.orElseThrow(() -> new UsernameNotFoundException("unknown user"));
	}

	@Override
	@Transactional
	public UserDetails updatePassword(UserDetails user, String newPasswordHash) {
		StaffUser account = staff.findByUsername(user.getUsername())
			.orElseThrow(() -> new UsernameNotFoundException("unknown user"));
		account.rehash(newPasswordHash);
		log.info("Password hash of '{}' re-encoded with PBKDF2 at sign-in", account.getUsername());
		return StaffPrincipal.of(account);
	}

	@Transactional(readOnly = true)
	public Optional<StaffUser> find(long id) {
		return staff.findById(id);
	}

	@Transactional(readOnly = true)
	public List<StaffUser> all() {
		return staff.findAllByOrderByUsernameAsc();
	}

	@Transactional(readOnly = true)
	public boolean none() {
		return staff.count() == 0;
	}

	/**
	 * Creates an account an admin adds: the password the admin chose is the person's to
	 * change at their first sign-in, as after a reset.
	 * @param form the validated form
	 * @return {@code false} if the username is taken
	 */
	@Transactional
	public boolean create(StaffForm form) {
		return create(form, true);
	}

	/**
	 * Creates the first admin, whose password the operator chose
	 * ({@code CRM_ADMIN_PASSWORD}) or was generated and shown once.
	 * @param form the validated form
	 * @return {@code false} if the username is taken
	 */
	@Transactional
	boolean createFirstAdmin(StaffForm form) {
		return create(form, false);
	}

	private boolean create(StaffForm form, boolean changeAtFirstSignIn) {
		if (staff.existsByUsername(form.username())) {
			return false;
		}
		StaffUser user = new StaffUser(form.username(), form.displayName().strip(),
				passwordEncoder.encode(form.password()), form.role());
		if (changeAtFirstSignIn) {
			user.requirePasswordChange();
		}
		staff.save(user);
		audit.record("staff.added", form.username(), "role " + form.role());
		return true;
	}

	/**
	 * Disables or re-enables an account; a disabled account's open sessions end at once.
	 * @param id the account
	 * @param enabled the new state
	 * @param actingAdmin who asks: an admin cannot lock themselves out
	 * @return {@code false} if there is no such account or it is the acting admin's own
	 */
	@Transactional
	public boolean setEnabled(long id, boolean enabled, StaffPrincipal actingAdmin) {
		if (id == actingAdmin.id()) {
			return false;
		}
		return staff.findById(id).map((user) -> {
			if (enabled) {
				user.enable();
			}
			else {
				user.disable();
				expireSessions(user);
			}
			audit.record(enabled ? "staff.enabled" : "staff.disabled", user.getUsername(), null);
			return true;
		}).orElse(false);
	}

	/**
	 * An admin gives someone else another role. Their sessions end, so the new role holds
	 * from their next sign-in on every node (a session keeps the role it signed in with).
	 * @param id whose account
	 * @param role the new role
	 * @param actingAdmin who changes it: never their own (an admin cannot lock themselves
	 * out of the staff page)
	 * @return whether it changed
	 */
	@Transactional
	public boolean changeRole(long id, Role role, StaffPrincipal actingAdmin) {
		if (id == actingAdmin.id()) {
			return false;
		}
		return staff.findById(id).map((user) -> {
			Role before = user.getRole();
			if (before == role) {
				return true;
			}
			user.changeRole(role);
			expireSessions(user);
			audit.record("staff.role-changed", user.getUsername(),
					before.name().toLowerCase(Locale.ROOT) + " → " + role.name().toLowerCase(Locale.ROOT));
			return true;
		}).orElse(false);
	}

	/** What became of a password change. */
	enum PasswordChange {

		CHANGED, WRONG_CURRENT_PASSWORD, SAME_AS_CURRENT

	}

	/**
	 * Someone changes their own password (the new one already passed the
	 * {@link PasswordPolicy}); their other sessions end.
	 * @param me who
	 * @param currentPassword what they typed as their current password
	 * @param newPassword the new one
	 * @param currentSessionId the session that stays signed in
	 * @return what happened
	 */
	@Transactional
	public PasswordChange changePassword(StaffPrincipal me, String currentPassword, String newPassword,
			String currentSessionId) {
		StaffUser user = staff.findById(me.id()).orElseThrow(() -> new UsernameNotFoundException("unknown user"));
		if (!passwordEncoder.matches(currentPassword, user.getPasswordHash())) {
			return PasswordChange.WRONG_CURRENT_PASSWORD;
		}
		if (passwordEncoder.matches(newPassword, user.getPasswordHash())) {
			return PasswordChange.SAME_AS_CURRENT;
		}
		user.changePassword(passwordEncoder.encode(newPassword));
		sessions.getAllSessions(user.getUsername(), false)
			.stream()
			.filter((session) -> !session.getSessionId().equals(currentSessionId))
			.forEach(SessionInformation::expireNow);
		audit.record("password.changed", user.getUsername(), null);
		return PasswordChange.CHANGED;
	}

	/**
	 * An admin gives someone a one-time password, to be changed at their next sign-in;
	 * their open sessions end. The password is returned to be shown once: it is never
	 * logged or audited.
	 * @param id the account
	 * @param actingAdmin who asks: their own password they change like everyone else
	 * @return the one-time password; empty if there is no such account or it is the
	 * admin's own
	 */
	@Transactional
	public Optional<String> resetPassword(long id, StaffPrincipal actingAdmin) {
		if (id == actingAdmin.id()) {
			return Optional.empty();
		}
		return staff.findById(id).map((user) -> {
			String oneTime = oneTimePassword();
			user.resetPassword(passwordEncoder.encode(oneTime));
			expireSessions(user);
			audit.record("password.reset", user.getUsername(), null);
			return oneTime;
		});
	}

	/** 16 random characters (about 93 bits) in groups of four: xxxx-xxxx-xxxx-xxxx. */
	private String oneTimePassword() {
		StringBuilder password = new StringBuilder();
		for (int i = 0; i < 16; i++) {
			if (i > 0 && i % 4 == 0) {
				password.append('-');
			}
			password.append(ONE_TIME_ALPHABET.charAt(random.nextInt(ONE_TIME_ALPHABET.length())));
		}
		return password.toString();
	}

	/**
	 * The registry is backed by the database's session store: the sessions are marked
	 * expired for every node at once.
	 */
	private void expireSessions(StaffUser user) {
		sessions.getAllSessions(user.getUsername(), false).forEach(SessionInformation::expireNow);
	}

}
