package com.whiskeysocket.crm.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in throttling. Each failed sign-in of an account makes the next attempt wait: 1 s,
 * 2 s, 4 s… (at most {@code maxDelay}); from the {@code lockAfter}-th failure on, a lock
 * of {@code firstLock}, doubling with each further failure up to {@code maxLock}.
 * Failures from one client address do the same, but their delays start only at the
 * {@code addressDelayAfter}-th: an office's staff share one address, and one person's
 * typo must not make the whole office wait. Failures are forgotten {@code forgetAfter}
 * after the last one (or after its lock ended); a successful sign-in clears its account's
 * count.
 *
 * @param accountLockAfter failures of one account before it is locked
 * @param addressLockAfter failures from one address before it is locked (higher: an
 * office shares one address)
 * @param addressDelayAfter failures from one address before its delays start
 * @param maxDelay the longest wait before the lock
 * @param firstLock the first lock
 * @param maxLock the longest lock
 * @param forgetAfter quiet time after which failures no longer count
 */
@ConfigurationProperties("crm.sign-in")
record SignInProperties(@DefaultValue("5") int accountLockAfter, @DefaultValue("20") int addressLockAfter,
		@DefaultValue("10") int addressDelayAfter, @DefaultValue("15s") Duration maxDelay,
		@DefaultValue("1m") Duration firstLock, @DefaultValue("1h") Duration maxLock,
		@DefaultValue("1h") Duration forgetAfter) {

	/**
	 * How long an account waits after a number of failures.
	 * @param failures failures so far, at least 1
	 * @return the wait
	 */
	Duration accountWaitAfter(int failures) {
		return waitAfter(failures, 1, accountLockAfter);
	}

	/**
	 * How long a client address waits after a number of failures.
	 * @param failures failures so far, at least 1
	 * @return the wait
	 */
	Duration addressWaitAfter(int failures) {
		return waitAfter(failures, addressDelayAfter, addressLockAfter);
	}

	private Duration waitAfter(int failures, int delayFrom, int lockAfter) {
		if (failures < delayFrom) {
			return Duration.ZERO;
		}
		if (failures < lockAfter) {
			return min(Duration.ofSeconds(1L << Math.min(failures - delayFrom, 30)), maxDelay);
		}
		return min(firstLock.multipliedBy(1L << Math.min(failures - lockAfter, 30)), maxLock);
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
