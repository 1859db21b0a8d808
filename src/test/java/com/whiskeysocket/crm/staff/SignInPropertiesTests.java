package com.whiskeysocket.crm.staff;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignInPropertiesTests {

	private final SignInProperties defaults = new SignInProperties(5, 20, Duration.ofSeconds(15), Duration.ofMinutes(1),
			Duration.ofHours(1), Duration.ofHours(1));

	@Test
	void delaysGrowThenTheLockDoublesUpToItsCap() {
		assertThat(defaults.waitAfter(1, 5)).hasSeconds(1);
		assertThat(defaults.waitAfter(2, 5)).hasSeconds(2);
		assertThat(defaults.waitAfter(4, 5)).hasSeconds(8);
		assertThat(defaults.waitAfter(5, 5)).hasMinutes(1);
		assertThat(defaults.waitAfter(6, 5)).hasMinutes(2);
		assertThat(defaults.waitAfter(10, 5)).hasMinutes(32);
		assertThat(defaults.waitAfter(11, 5)).hasHours(1);
		assertThat(defaults.waitAfter(500, 5)).hasHours(1);
	}

	@Test
	void delaysBeforeTheAddressLockStayShort() {
		assertThat(defaults.waitAfter(19, 20)).hasSeconds(15);
		assertThat(defaults.waitAfter(20, 20)).hasMinutes(1);
	}

}
