package com.whiskeysocket.crm.staff;

/**
 * The first admin's {@code CRM_ADMIN_USERNAME} or {@code CRM_ADMIN_PASSWORD} breaks a
 * rule every account obeys: the application does not start. The message names the
 * variable and the rule, never the password.
 */
class FirstAdminRejectedException extends RuntimeException {

	private final String variable;

	private final String rule;

	FirstAdminRejectedException(String variable, String rule) {
		super(variable + " " + rule);
		this.variable = variable;
		this.rule = rule;
	}

	String variable() {
		return variable;
	}

	String rule() {
		return rule;
	}

}
