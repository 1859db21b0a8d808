package com.whiskeysocket.crm.staff;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.whiskeysocket.crm.text.CleanText;

/**
 * A new staff account as the admin enters it.
 *
 * @param username lower-case sign-in name
 * @param displayName shown in the page header
 * @param password checked by {@link PasswordPolicy} (12 to 128 characters, …)
 * @param role admin or staff
 */
record StaffForm(@NotBlank @Pattern(regexp = StaffForm.USERNAME) String username,
		@NotBlank @Size(max = 120) String displayName, @NotBlank String password, @NotNull Role role) {

	/** The rule for every username, the first admin's {@code CRM_ADMIN_USERNAME} too. */
	static final String USERNAME = "[a-z0-9._-]{3,64}";

	/**
	 * The display name is cleaned as it is bound (see {@link CleanText}); the password is
	 * left exactly as typed, since sign-in compares it unchanged.
	 */
	StaffForm {
		displayName = CleanText.line(displayName);
	}

	static StaffForm empty() {
		return new StaffForm("", "", "", Role.STAFF);
	}

	@Override
	public String toString() {
		return "StaffForm[username=" + username + ", role=" + role + "]";
	}

}
