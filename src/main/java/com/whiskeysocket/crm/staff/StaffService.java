package com.whiskeysocket.crm.staff;

import java.util.List;

import com.whiskeysocket.crm.audit.AuditLog;

import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Staff accounts: sign-in lookups and what the admin page changes. */
@Service
class StaffService implements UserDetailsService {

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

	@Transactional(readOnly = true)
	public List<StaffUser> all() {
		return staff.findAllByOrderByUsernameAsc();
	}

	@Transactional(readOnly = true)
	public boolean none() {
		return staff.count() == 0;
	}

	/**
	 * Creates an account.
	 * @param form the validated form
	 * @return {@code false} if the username is taken
	 */
	@Transactional
	public boolean create(StaffForm form) {
		if (staff.existsByUsername(form.username())) {
			return false;
		}
		staff.save(new StaffUser(form.username(), form.displayName().strip(), passwordEncoder.encode(form.password()),
				form.role()));
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
	 * The registry is backed by the database's session store: the sessions are marked
	 * expired for every node at once.
	 */
	private void expireSessions(StaffUser user) {
		sessions.getAllSessions(user.getUsername(), false).forEach(SessionInformation::expireNow);
	}

}
