package com.whiskeysocket.crm.connections;

import java.util.Locale;

/**
 * Why a connect did not finish, each with one fixed message
 * ({@code <provider prefix>.error.<key>}).
 */
public enum AuthorizationError {

	/** The staff member declined consent. */
	DECLINED("declined"),
	/** The client id or secret is wrong or expired: the administrator must fix it. */
	CREDENTIALS("credentials"),
	/** The authorization code expired or was already used. */
	CODE_EXPIRED("codeExpired"),
	/** The provider refused the requested scopes. */
	SCOPE("scope"),
	/** The registration does not match the request (redirect URI, account types). */
	SETUP("setup"),
	/** The sign-in at the provider did not finish. */
	INCOMPLETE("incomplete"),
	/** Anything else: the provider is unavailable. */
	UNAVAILABLE("unavailable");

	private final String key;

	AuthorizationError(String key) {
		this.key = key;
	}

	String messageCode(String prefix) {
		return prefix + ".error." + key;
	}

	/**
	 * The case a standard OAuth2 error code stands for.
	 * @param error the {@code error} parameter
	 * @return the case, {@link #UNAVAILABLE} for codes not listed
	 */
	public static AuthorizationError of(String error) {
		return switch (error.toLowerCase(Locale.ROOT)) {
			case "invalid_client", "unauthorized_client" -> CREDENTIALS;
			case "access_denied", "consent_required" -> DECLINED;
			case "invalid_grant" -> CODE_EXPIRED;
			case "invalid_scope" -> SCOPE;
			case "invalid_request", "unsupported_response_type", "redirect_uri_mismatch" -> SETUP;
			case "login_required", "interaction_required" -> INCOMPLETE;
			default -> UNAVAILABLE;
		};
	}

}
