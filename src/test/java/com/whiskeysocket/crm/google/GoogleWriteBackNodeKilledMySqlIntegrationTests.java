package com.whiskeysocket.crm.google;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.whiskeysocket.crm.CrmApplication;
import com.whiskeysocket.crm.sync.SyncProvider;
import com.whiskeysocket.crm.sync.WriteBack;
import com.whiskeysocket.crm.testsupport.MySqlDatabase;
import com.whiskeysocket.crm.testsupport.RequiresMySqlDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node killed ({@code SIGKILL}) between Google's create and recording it: the node is
 * the application in a process of its own on the shared MariaDB/MySQL, writing into
 * {@link PeopleStandIn} over HTTP; the stand-in makes the people of its
 * {@code people:batchCreateContacts} and holds the answer while the test kills the
 * process. Another node, once the dead node's lease on the address book has run out,
 * finds the people by the CRM's tag in their {@code clientData} and records them as the
 * CRM's own copies (not as people the phone had, which a look-up by number would make of
 * them): every contact exists once in Google, none was created twice.
 */
@ExtendWith(RequiresMySqlDatabase.class)
class GoogleWriteBackNodeKilledMySqlIntegrationTests {

	private static final PeopleStandIn GOOGLE = new PeopleStandIn();

	private static final WireMockServer SERVER = new WireMockServer(options().dynamicPort().extensions(GOOGLE));

	private static final int N = 6;

	private static final List<ConfigurableApplicationContext> NODES = new ArrayList<>();

	private static Process doomed;

	@AfterAll
	static void stop() {
		if (doomed != null) {
			doomed.destroyForcibly();
		}
		NODES.forEach(ConfigurableApplicationContext::close);
		SERVER.stop();
	}

	@Test
	void aNodeKilledBetweenTheCreateAndRecordingItLeavesNoDuplicate() throws Exception {
		SERVER.start();
		SERVER.stubFor(any(urlPathMatching("/v1/.*")).willReturn(aResponse().withTransformers(PeopleStandIn.NAME)));
		// the node that sets up: its write-back never ticks in this test
		ConfigurableApplicationContext setup = node("setup", "1h");
		JdbcTemplate jdbc = setup.getBean(JdbcTemplate.class);
		for (String table : List.of("write_back_outbox", "write_back_copies", "write_back_settings",
				"contact_phone_sources", "contact_phones", "contact_email_sources", "contact_emails", "contact_links",
				"contact_duplicates", "contacts", "oauth_connections")) {
			jdbc.update("DELETE FROM " + table);
		}
		long admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		for (int i = 0; i < N; i++) {
			String phone = String.format("628127770%04d", i);
			jdbc.update("INSERT INTO contacts (name, phone, owner_id) VALUES (?, ?, ?)", "Pelanggan " + i, phone,
					admin);
			jdbc.update(
					"INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
							+ "SELECT phone, id, 'mobile', TRUE, CURRENT_TIMESTAMP(6) FROM contacts WHERE phone = ?",
					phone);
		}
		connect(setup);

		doomed = process();
		CountDownLatch created = new CountDownLatch(1);
		GOOGLE.holdNextCreate.set(created);
		setup.getBean(WriteBack.class).change(admin, SyncProvider.GOOGLE, true, "owned", null);

		assertThat(created.await(90, TimeUnit.SECONDS)).as("the doomed node sent its create").isTrue();
		doomed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		assertThat(GOOGLE.people).hasSize(N);
		assertThat(count(jdbc, "write_back_copies")).as("nothing recorded before the kill").isZero();
		assertThat(count(jdbc, "write_back_outbox")).isEqualTo(N);

		node("survivor", "50ms");
		await(() -> count(jdbc, "write_back_outbox") == 0 && count(jdbc, "write_back_copies") == N);

		assertThat(GOOGLE.creates.get()).isEqualTo(N);
		assertThat(GOOGLE.createCalls.get()).isOne();
		assertThat(GOOGLE.people).hasSize(N);
		assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT external_id) FROM write_back_copies", Integer.class))
			.isEqualTo(N);
		// found by the tag as the CRM's own copies (a later delete in the CRM may delete
		// them), not by number as people the phone already had
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM write_back_copies WHERE created_by_crm = TRUE",
				Integer.class))
			.isEqualTo(N);
	}

	private static ConfigurableApplicationContext node(String nodeId, String tick) {
		MySqlDatabase.Connection db = MySqlDatabase.get().orElseThrow();
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.datasource.url=" + db.url(),
				"--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
				"--crm.sync.node-id=" + nodeId, "--crm.write-back.tick=" + tick));
		args.addAll(google());
		ConfigurableApplicationContext node = new SpringApplicationBuilder(CrmApplication.class).profiles("test")
			.run(args.toArray(String[]::new));
		NODES.add(node);
		return node;
	}

	/**
	 * The node to kill: the same application and settings in its own JVM, with a 3 s
	 * lease on the address books it works, started and up before this returns.
	 */
	private static Process process() throws IOException, InterruptedException {
		MySqlDatabase.Connection db = MySqlDatabase.get().orElseThrow();
		Path log = Path.of("target", "write-back-doomed-node.log");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
						"-DCRM_ENV_FILE=" + System.getProperty("CRM_ENV_FILE", "target/tests-read-no.env"), "-cp",
						System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
						CrmApplication.class.getName(), "--spring.profiles.active=test", "--server.port=0",
						"--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
						"--spring.datasource.password=" + db.password(), "--crm.sync.node-id=doomed",
						"--crm.write-back.tick=50ms", "--crm.write-back.lease=3s"));
		command.addAll(google());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		Instant end = Instant.now().plus(Duration.ofSeconds(120));
		while (!Files.readString(log, StandardCharsets.UTF_8).contains("Started CrmApplication")) {
			assertThat(process.isAlive()).as("the doomed node is running (see " + log + ")").isTrue();
			assertThat(Instant.now()).as("the doomed node started within 120 s (see " + log + ")").isBefore(end);
			Thread.sleep(200);
		}
		return process;
	}

	private static List<String> google() {
		return List.of("--crm.sync.interval=0", "--crm.write-back.coalesce=200ms",
				"--crm.write-back.retry-backoff=200ms", "--crm.google.client-id=" + GoogleStub.CLIENT_ID,
				"--crm.google.client-secret=" + GoogleStub.CLIENT_SECRET,
				"--crm.google.token-uri=" + SERVER.baseUrl() + "/token",
				"--crm.google.people-base-url=" + SERVER.baseUrl(), "--crm.google.backoff=10ms",
				"--crm.google.max-wait=5s", "--crm.google.write-round-interval=50ms");
	}

	private static void connect(ConfigurableApplicationContext node) {
		Instant expiresAt = Instant.now().plusSeconds(3600);
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(
				node.getBean(ClientRegistrationRepository.class).findByRegistrationId("google"), "admin",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "fake-google-access-1",
						expiresAt.minusSeconds(60), expiresAt,
						Set.of("https://www.googleapis.com/auth/contacts.readonly",
								"https://www.googleapis.com/auth/contacts")),
				new OAuth2RefreshToken("fake-google-refresh-1", null));
		node.getBean(OAuth2AuthorizedClientService.class)
			.saveAuthorizedClient(client,
					UsernamePasswordAuthenticationToken.authenticated("admin", null, new ArrayList<>()));
	}

	private static int count(JdbcTemplate jdbc, String table) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		Instant end = Instant.now().plus(Duration.ofSeconds(60));
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("waited 60 s").isBefore(end);
			Thread.sleep(100);
		}
	}

}
