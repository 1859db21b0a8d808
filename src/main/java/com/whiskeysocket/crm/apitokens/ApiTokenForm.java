package com.whiskeysocket.crm.apitokens;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A new API token as its owner asks for it.
 *
 * @param name what the token is for, e.g. "nightly export script"
 * @param expiry how long it lives
 */
record ApiTokenForm(@NotBlank @Size(max = 100) String name, @NotNull ApiTokenExpiry expiry) {

	static ApiTokenForm empty() {
		return new ApiTokenForm("", ApiTokenExpiry.DAYS_90);
	}

}
