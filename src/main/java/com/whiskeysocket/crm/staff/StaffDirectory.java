package com.whiskeysocket.crm.staff;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lookups of staff accounts that other modules need, such as a background job's staff id.
 */
@Component
public class StaffDirectory {

	private final StaffRepository staff;

	StaffDirectory(StaffRepository staff) {
		this.staff = staff;
	}

	/**
	 * The id of an account.
	 * @param username the sign-in name
	 * @return the id, if there is such an account
	 */
	@Transactional(readOnly = true)
	public Optional<Long> idOf(String username) {
		return staff.findByUsername(username).map(StaffUser::getId);
	}

	/**
	 * Every account, sorted by name, for owner pickers and names of owners and authors.
	 * @return the accounts, disabled ones included
	 */
	@Transactional(readOnly = true)
	public List<StaffMember> members() {
		return staff.findAll()
			.stream()
			.map((user) -> new StaffMember(user.getId(), user.getDisplayName(), user.isEnabled()))
			.sorted(Comparator.comparing(StaffMember::displayName, String.CASE_INSENSITIVE_ORDER))
			.toList();
	}

	/**
	 * The sign-in name of an account, such as the OAuth2 principal of a background job.
	 * @param id the account
	 * @return the username, if there is such an account
	 */
	@Transactional(readOnly = true)
	public Optional<String> usernameOf(long id) {
		return staff.findById(id).map(StaffUser::getUsername);
	}

	/**
	 * An account as the principal of a request that proved who it is without a password,
	 * such as by a personal API token.
	 * @param id the account
	 * @return the principal, without a password hash, disabled or not, if there is such
	 * an account
	 */
	@Transactional(readOnly = true)
	public Optional<StaffPrincipal> principalOf(long id) {
		return staff.findById(id).map((user) -> {
			StaffPrincipal principal = StaffPrincipal.of(user);
			principal.eraseCredentials();
			return principal;
		});
	}

	/**
	 * Every account's sign-in name, for the JSON API, which names staff by username.
	 * @return usernames by account id, disabled accounts included
	 */
	@Transactional(readOnly = true)
	public Map<Long, String> usernames() {
		return staff.findAll().stream().collect(Collectors.toMap(StaffUser::getId, StaffUser::getUsername));
	}

}
