package com.whiskeysocket.crm.security;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/**
 * A sign-in refused without looking at the password, because its account or address must
 * wait.
 */
class SignInThrottledException extends AuthenticationException {

	private final Duration wait;

	SignInThrottledException(Duration wait) {
		super("Too many failed sign-ins");
		this.wait = wait;
	}

	Duration getWait() {
		return wait;
	}

}
