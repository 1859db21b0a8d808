package com.whiskeysocket.crm.staff;

import org.springframework.context.ApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Staff accounts for the tests of other modules (API tokens, security), which cannot
 * reach this module's repository: created straight in the database, as an admin would.
 */
public final class StaffAccounts {

	private final StaffRepository staff;

	private final StaffService service;

	private final PasswordEncoder passwordEncoder;

	public StaffAccounts(ApplicationContext context) {
		this.staff = context.getBean(StaffRepository.class);
		this.service = context.getBean(StaffService.class);
		this.passwordEncoder = context.getBean(PasswordEncoder.class);
	}

	/** Creates the account unless it exists; an existing one is left as it is. */
	public void createIfMissing(String username, String displayName, String password, Role role) {
		if (!staff.existsByUsername(username)) {
			staff.save(new StaffUser(username, displayName, passwordEncoder.encode(password), role));
		}
	}

	/** Creates the account unless it exists, and enables it. */
	public void createEnabled(String username, String displayName, String password, Role role) {
		StaffUser account = staff.findByUsername(username)
			.orElseGet(() -> new StaffUser(username, displayName, passwordEncoder.encode(password), role));
		account.enable();
		staff.save(account);
	}

	public long idOf(String username) {
		return staff.findByUsername(username).orElseThrow().getId();
	}

	public StaffPrincipal principal(String username) {
		return (StaffPrincipal) service.loadUserByUsername(username);
	}

	/** Disables the account as the admin does on the Staff page. */
	public void disable(String username) {
		service.setEnabled(idOf(username), false, principal("admin"));
	}

}
