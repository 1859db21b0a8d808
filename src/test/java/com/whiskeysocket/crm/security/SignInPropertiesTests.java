package com.whiskeysocket.crm.security;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignInPropertiesTests {

	private final SignInProperties defaults = new SignInProperties(5, 20, 10, Duration.ofSeconds(15),
			Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(1));

	@Test
	void delaysGrowThenTheLockDoublesUpToItsCap() {
		assertThat(defaults.accountWaitAfter(1)).hasSeconds(1);
		assertThat(defaults.accountWaitAfter(2)).hasSeconds(2);
		assertThat(defaults.accountWaitAfter(4)).hasSeconds(8);
		assertThat(defaults.accountWaitAfter(5)).hasMinutes(1);
		assertThat(defaults.accountWaitAfter(6)).hasMinutes(2);
		assertThat(defaults.accountWaitAfter(10)).hasMinutes(32);
		assertThat(defaults.accountWaitAfter(11)).hasHours(1);
		assertThat(defaults.accountWaitAfter(500)).hasHours(1);
	}

	@Test
	void anAddressWaitsOnlyAfterManyFailuresAndItsDelaysStayShortBeforeTheLock() {
		assertThat(defaults.addressWaitAfter(1)).isZero();
		assertThat(defaults.addressWaitAfter(9)).isZero();
		assertThat(defaults.addressWaitAfter(10)).hasSeconds(1);
		assertThat(defaults.addressWaitAfter(12)).hasSeconds(4);
		assertThat(defaults.addressWaitAfter(19)).hasSeconds(15);
		assertThat(defaults.addressWaitAfter(20)).hasMinutes(1);
		assertThat(defaults.addressWaitAfter(21)).hasMinutes(2);
	}

}
