package com.whiskeysocket.crm.staff;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The admin account created on first start, when there are no staff accounts yet.
 *
 * @param username {@code CRM_ADMIN_USERNAME}
 * @param password {@code CRM_ADMIN_PASSWORD}; blank means generate one and log it once
 */
@Validated
@ConfigurationProperties("crm.admin")
record AdminProperties(@DefaultValue("admin") @NotBlank String username, String password) {

	@Override
	public String toString() {
		return "AdminProperties[username=" + username + "]";
	}

}
