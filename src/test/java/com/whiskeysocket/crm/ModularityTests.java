package com.whiskeysocket.crm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

class ModularityTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(CrmApplication.class);

	private static final Path DOCS = Path.of("docs", "modules");

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

	/**
	 * The module diagram and one canvas per module, written into {@code docs/modules} by
	 * every test run (commit them with the change that alters a module):
	 * {@code components.puml} draws every module and its dependencies,
	 * {@code module-<name>.puml} one module and its neighbours,
	 * {@code module-<name>.adoc} its canvas (API, Spring beans, events, properties).
	 */
	@Test
	void writesTheModuleDiagramAndCanvasesIntoDocs() throws IOException {
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DOCS.toString())).writeDocumentation();
		sortRelations();

		assertThat(DOCS.resolve("components.puml")).content()
			.contains("\"Staff\"", "\"Apitokens\"", "\"Security\"", "\"Connections\"", "\"Sync\"");
		MODULES.forEach((module) -> assertThat(DOCS.resolve("module-" + module.getIdentifier() + ".adoc")).exists());
	}

	/**
	 * The Documenter writes a diagram's relations in no fixed order: sorted, a run that
	 * changed nothing rewrites the files unchanged.
	 */
	private static void sortRelations() throws IOException {
		try (Stream<Path> files = Files.list(DOCS)) {
			for (Path diagram : files.filter((file) -> file.toString().endsWith(".puml")).toList()) {
				List<String> lines = Files.readAllLines(diagram);
				Iterator<String> relations = lines.stream().filter(ModularityTests::isRelation).sorted().iterator();
				Files.write(diagram, lines.stream().map((line) -> isRelation(line) ? relations.next() : line).toList());
			}
		}
	}

	private static boolean isRelation(String line) {
		return line.startsWith("Rel(");
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
