package com.whiskeysocket.crm.outlook;

import java.util.Locale;

/**
 * Maps what Microsoft (or the token exchange) reports to one fixed message per case. The
 * {@code error_description} is attacker-controllable text: it is only searched for AADSTS
 * codes here, never shown.
 */
final class AuthorizationErrors {

	private AuthorizationErrors() {
	}

	static String messageCode(String error, String description) {
		String code = error.toLowerCase(Locale.ROOT);
		String details = (description != null) ? description : "";
		if (details.contains("AADSTS7000215") || details.contains("AADSTS700016") || details.contains("AADSTS7000222")
				|| code.equals("invalid_client") || code.equals("unauthorized_client")) {
			return "outlook.error.credentials";
		}
		if (details.contains("AADSTS65001") || details.contains("AADSTS65004") || code.equals("access_denied")
				|| code.equals("consent_required")) {
			return "outlook.error.declined";
		}
		if (details.contains("AADSTS70008") || details.contains("AADSTS54005") || code.equals("invalid_grant")) {
			return "outlook.error.codeExpired";
		}
		if (code.equals("invalid_scope")) {
			return "outlook.error.scope";
		}
		if (details.contains("AADSTS50011") || code.equals("invalid_request")
				|| code.equals("unsupported_response_type")) {
			return "outlook.error.setup";
		}
		if (code.equals("login_required") || code.equals("interaction_required")) {
			return "outlook.error.incomplete";
		}
		return "outlook.error.unavailable";
	}

}
