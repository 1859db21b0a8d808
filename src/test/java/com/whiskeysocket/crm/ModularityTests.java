package com.whiskeysocket.crm;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

	@Test
	void modulesKeepTheirAllowedDependencies() {
		ApplicationModules.of(CrmApplication.class).verify();
	}

}
