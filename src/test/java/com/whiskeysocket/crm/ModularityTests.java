package com.whiskeysocket.crm;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

class ModularityTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(CrmApplication.class);

	@Test
	void modulesKeepTheirAllowedDependencies() {
		MODULES.verify();
	}

	/**
	 * Google and Outlook are siblings: each uses connections, contacts and sync, neither
	 * uses the other.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "google", "outlook" })
	void addressBookProvidersDependOnTheSharedModulesAndNeverOnEachOther(String provider) {
		ApplicationModule module = MODULES.getModuleByName(provider).orElseThrow();
		List<String> dependencies = module.getDirectDependencies(MODULES)
			.uniqueModules()
			.map(ApplicationModule::getName)
			.toList();

		assertThat(dependencies).contains("connections", "contacts", "sync")
			.doesNotContain(provider.equals("google") ? "outlook" : "google");
	}

	/**
	 * WhatsApp is their sibling without OAuth: contacts and sync, never the other
	 * providers (nor connections, which only OAuth2 providers need).
	 */
	@Test
	void whatsAppDependsOnTheSharedModulesAndNeverOnTheOtherProviders() {
		ApplicationModule module = MODULES.getModuleByName("whatsapp").orElseThrow();
		List<String> dependencies = module.getDirectDependencies(MODULES)
			.uniqueModules()
			.map(ApplicationModule::getName)
			.toList();

		assertThat(dependencies).contains("contacts", "sync").doesNotContain("outlook", "google", "connections");
	}

	/**
	 * Staff accounts, API tokens and the security chain are three modules, layered: the
	 * chain uses both, tokens use staff, and staff uses neither.
	 */
	@Test
	void staffApiTokensAndSecurityAreLayeredModules() {
		assertThat(dependenciesOf("staff")).doesNotContain("apitokens", "security");
		assertThat(dependenciesOf("apitokens")).contains("staff").doesNotContain("security");
		assertThat(dependenciesOf("security")).contains("staff", "apitokens");
	}

	/**
	 * The WhatsApp webhook's public route is the whatsapp module's own bean, which the
	 * security chain collects: security knows no provider.
	 */
	@Test
	void securityKnowsNoProvider() {
		assertThat(dependenciesOf("security")).doesNotContain("whatsapp", "outlook", "google", "connections");
		assertThat(dependenciesOf("whatsapp")).contains("security");
	}

	private static List<String> dependenciesOf(String name) {
		return MODULES.getModuleByName(name)
			.orElseThrow()
			.getDirectDependencies(MODULES)
			.uniqueModules()
			.map(ApplicationModule::getName)
			.toList();
	}

}
