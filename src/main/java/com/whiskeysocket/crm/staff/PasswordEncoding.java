package com.whiskeysocket.crm.staff;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * How passwords are hashed. New hashes are PBKDF2, which takes passwords of any length
 * (bcrypt refuses more than 72 bytes, and 128 characters of Indonesian or emoji are far
 * more). Hashes from before, {@code {bcrypt}…}, are still read, and re-encoded at their
 * owner's next sign-in.
 */
@Configuration(proxyBeanMethods = false)
class PasswordEncoding {

	/** New password hashes: PBKDF2-HMAC-SHA256, 310,000 iterations. */
	static final String PASSWORD_ENCODING = "pbkdf2@SpringSecurity_v5_8";

	@Bean
	PasswordEncoder passwordEncoder() {
		return new DelegatingPasswordEncoder(PASSWORD_ENCODING, Map.of(PASSWORD_ENCODING,
				Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8(), "bcrypt", new BCryptPasswordEncoder()));
	}

}
