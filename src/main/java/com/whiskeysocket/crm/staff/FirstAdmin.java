package com.whiskeysocket.crm.staff;

import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * On the first start, with no staff accounts at all, creates the admin from
 * {@code CRM_ADMIN_USERNAME} / {@code CRM_ADMIN_PASSWORD}. Without a password it
 * generates one and logs it this once, so a newcomer can sign in with zero setup. The
 * username and password obey the rules of every account ({@link StaffForm#USERNAME},
 * {@link PasswordPolicy}): a value that breaks them stops the start with a message naming
 * the variable and the rule. Once accounts exist the two variables are not read.
 * <p>
 * It runs once every bean exists (the schema migrated) and before the web server starts:
 * a refused password stops the process before the sign-in page ever answers, and the
 * admin exists by the first request.
 */
@Component
class FirstAdmin implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

	private final StaffService staff;

	private final AdminProperties properties;

	private final PasswordPolicy policy;

	FirstAdmin(StaffService staff, AdminProperties properties, PasswordPolicy policy) {
		this.staff = staff;
		this.properties = properties;
		this.policy = policy;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!staff.none()) {
			return;
		}
		String username = properties.username();
		if (username == null || !username.matches(StaffForm.USERNAME)) {
			throw new FirstAdminRejectedException("CRM_ADMIN_USERNAME",
					"must be 3 to 64 characters of lower-case letters a-z, digits, dots, dashes or underscores");
		}
		boolean generated = properties.password() == null || properties.password().isBlank();
		String password = generated ? generatePassword() : properties.password();
		policy.check(username, password).ifPresent((violation) -> {
			throw new FirstAdminRejectedException("CRM_ADMIN_PASSWORD", violation.rule());
		});
		staff.createFirstAdmin(new StaffForm(username, "Administrator", password, Role.ADMIN));
		if (generated) {
			log.warn("""

					  Created the first admin account.
					    username: {}
					    password: {}
					  This password is shown only once. Set CRM_ADMIN_PASSWORD in .env to choose your own.
					""", username, password);
		}
		else {
			log.info("Created the first admin account '{}' from CRM_ADMIN_USERNAME/CRM_ADMIN_PASSWORD", username);
		}
	}

	private static String generatePassword() {
		byte[] bytes = new byte[15];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
