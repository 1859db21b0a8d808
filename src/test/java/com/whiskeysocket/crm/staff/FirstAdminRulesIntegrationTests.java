package com.whiskeysocket.crm.staff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.whiskeysocket.crm.CrmApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The first admin obeys the rules of every account: a weak {@code CRM_ADMIN_PASSWORD} or
 * a bad {@code CRM_ADMIN_USERNAME} stops the application with a message naming the
 * variable and the rule, and never the password. Each test starts the whole application
 * on its own empty in-memory database, as a first start would.
 */
@ExtendWith(OutputCaptureExtension.class)
class FirstAdminRulesIntegrationTests {

	@Test
	void aShortAdminPasswordStopsStartupNamingTheVariableAndTheRule(CapturedOutput output) {
		assertThatThrownBy(() -> start("--crm.admin.password=Sh0rt-9xq"))
			.isInstanceOf(FirstAdminRejectedException.class)
			.hasMessage("CRM_ADMIN_PASSWORD must have 12 to 128 characters");
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
			.contains("CRM_ADMIN_PASSWORD must have 12 to 128 characters")
			.contains("Set CRM_ADMIN_PASSWORD in .env")
			.doesNotContain("Sh0rt-9xq");
	}

	@Test
	void aRefusedAdminPasswordStopsTheStartBeforeTheWebServerTakesRequests(CapturedOutput output) {
		assertThatThrownBy(() -> start("--crm.admin.password=Sh0rt-9xq"))
			.isInstanceOf(FirstAdminRejectedException.class);
		assertThat(output.getAll()).doesNotContain("Tomcat started on port");
	}

	@Test
	void aCommonAdminPasswordOrOneThatIsTheUsernameStopsStartup(CapturedOutput output) {
		assertThatThrownBy(() -> start("--crm.admin.username=boss", "--crm.admin.password=Boss12345678!"))
			.isInstanceOf(FirstAdminRejectedException.class)
			.hasMessageStartingWith("CRM_ADMIN_PASSWORD must not be the username");
		assertThat(output.getAll()).doesNotContain("Boss12345678!");
	}

	@Test
	void anAdminUsernameBreakingTheUsernameRulesStopsStartup(CapturedOutput output) {
		assertThatThrownBy(
				() -> start("--crm.admin.username=Big Boss", "--crm.admin.password=a-long-unique-passphrase"))
			.isInstanceOf(FirstAdminRejectedException.class)
			.hasMessageContaining("CRM_ADMIN_USERNAME must be 3 to 64 characters of lower-case letters");
		assertThat(output.getAll()).contains("APPLICATION FAILED TO START").doesNotContain("a-long-unique-passphrase");
	}

	@Test
	void aGoodAdminPasswordStarts() {
		try (ConfigurableApplicationContext context = start("--crm.admin.password=a-long-unique-passphrase")) {
			assertThat(context.getBean(StaffRepository.class).findByUsername("admin")).isPresent();
		}
	}

	/** The test profile: a fresh in-memory database; the command line beats its admin. */
	private static ConfigurableApplicationContext start(String... args) {
		return new SpringApplicationBuilder(CrmApplication.class).profiles("test")
			.properties("server.port=0")
			.run(args);
	}

}
