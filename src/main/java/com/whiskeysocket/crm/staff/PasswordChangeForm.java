package com.whiskeysocket.crm.staff;

import jakarta.validation.constraints.NotBlank;

/**
 * Someone changing their own password.
 *
 * @param currentPassword what they sign in with now (or the one-time password)
 * @param newPassword the new one, checked by {@link PasswordPolicy}
 * @param confirmPassword the new one again
 */
record PasswordChangeForm(@NotBlank String currentPassword, @NotBlank String newPassword,
		@NotBlank String confirmPassword) {

	static PasswordChangeForm empty() {
		return new PasswordChangeForm("", "", "");
	}

	@Override
	public String toString() {
		return "PasswordChangeForm[…]";
	}

}
