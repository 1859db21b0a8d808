package com.whiskeysocket.crm.security;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * The locked sign-ins the Staff page lists: its template reads them as
 * {@code @signInLocks.current()}, so the {@code staff} module knows nothing of
 * throttling. Their Unlock button is {@link SignInLocksController}.
 */
@Component("signInLocks")
class SignInLocks {

	private final SignInThrottle throttle;

	SignInLocks(SignInThrottle throttle) {
		this.throttle = throttle;
	}

	/**
	 * The locks in force now.
	 * @return the locks, longest first
	 */
	public List<SignInThrottle.Lock> current() {
		return throttle.locks(Instant.now());
	}

}
