package com.whiskeysocket.crm.outlook;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import com.whiskeysocket.crm.CrmApplication;
import com.whiskeysocket.crm.testsupport.GraphSubscriptionBook;
import com.whiskeysocket.crm.testsupport.MySqlDatabase;
import com.whiskeysocket.crm.testsupport.RequiresMySqlDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application nodes on one MariaDB/MySQL, both keeping Outlook subscriptions every
 * 100 ms against the Graph stand-in: each account gets one subscription, a renewal is
 * made once, by whichever node the database lets, and a burst of notifications spread
 * over both nodes makes one follow-up run.
 */
@ExtendWith(RequiresMySqlDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutlookSubscriptionsAcrossNodesMySqlIntegrationTests {

	private static final GraphSubscriptions GRAPH = MicrosoftStub.SUBSCRIPTIONS;

	private static final int PORT = freePort();

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void twoNodes() {
		MicrosoftStub.SERVER.resetAll();
		GRAPH.reset();
		GRAPH.register(MicrosoftStub.SERVER);
		GraphStub graph = new GraphStub(MicrosoftStub.SERVER);
		graph.folders();
		graph.noChildFoldersByDefault();
		graph.defaultFolderProbe(null);
		a = node("node-a", PORT);
		JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
		for (String table : List.of("outlook_subscriptions", "contact_links", "outlook_delta_links", "sync_runs",
				"sync_accounts", "oauth_connections")) {
			jdbc.update("DELETE FROM " + table);
		}
		// what node a did for an earlier run's connections before they were deleted,
		// including a creation under way
		sleep(1000);
		GRAPH.reset();
		b = node("node-b", 0);
	}

	@AfterAll
	static void stop() {
		for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] { a, b }) {
			if (node != null && node.isActive()) {
				node.close();
			}
		}
	}

	@Test
	@Order(1)
	void everyAccountGetsOneSubscriptionAndARenewalIsMadeOnce() throws Exception {
		List<String> staff = List.of("admin", staffUser("sari"), staffUser("budi"));
		for (String username : staff) {
			connect(username);
		}

		await(() -> GRAPH.subscriptions().size() == 3);
		Thread.sleep(1500);
		assertThat(GRAPH.created.get()).isEqualTo(3);
		assertThat(GRAPH.subscriptions()).hasSize(3);
		JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
		assertThat(jdbc.queryForObject(
				"SELECT COUNT(DISTINCT subscription_id) FROM outlook_subscriptions WHERE subscription_id IS NOT NULL",
				Integer.class))
			.isEqualTo(3);

		jdbc.update("UPDATE outlook_subscriptions SET expires_at = ? WHERE staff_user_id = "
				+ "(SELECT id FROM staff_users WHERE username = 'sari')", LocalDateTime.now(ZoneOffset.UTC));
		await(() -> GRAPH.renewed.get() == 1);
		Thread.sleep(1500);

		assertThat(GRAPH.renewed.get()).isOne();
		assertThat(GRAPH.created.get()).isEqualTo(3);
		assertThat(jdbc.queryForObject("SELECT SUM(renewals) FROM outlook_subscriptions", Integer.class)).isOne();
	}

	@Test
	@Order(2)
	void aBurstOnBothNodesLongerThanARunMakesOneFollowUpRun() throws Exception {
		String username = staffUser("lina");
		connect(username);
		JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
		long staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = ?", Long.class, username);
		await(() -> subscriptionOf(username) != null && runs(staffId) == 1 && idle(staffId));
		long before = jdbc.queryForObject("SELECT MAX(id) FROM sync_runs", Long.class);
		// every run now takes at least 300 ms, and the burst lasts several of them
		MicrosoftStub.SERVER.stubFor(get(urlPathEqualTo("/v1.0/me/contactFolders"))
			.willReturn(okJson("{\"value\":[]}").withFixedDelay(300)));
		GraphSubscriptionBook.Subscription toA = subscriptionOf(username);
		GraphSubscriptionBook.Subscription toB = new GraphSubscriptionBook.Subscription(toA.id(), toA.resource(),
				toA.changeType(),
				"http://127.0.0.1:" + b.getEnvironment().getProperty("local.server.port")
						+ "/api/outlook/notifications",
				toA.lifecycleUrl(), toA.clientState(), toA.expires(), toA.accessToken());

		ExecutorService graph = Executors.newFixedThreadPool(2);
		List<Future<Integer>> sent = new ArrayList<>();
		for (GraphSubscriptionBook.Subscription to : List.of(toA, toB)) {
			sent.add(graph.submit(() -> {
				int accepted = 0;
				for (int i = 0; i < 100; i++) {
					accepted += (GRAPH.notifyChange(to) == 202) ? 1 : 0;
					Thread.sleep(20);
				}
				return accepted;
			}));
		}
		for (Future<Integer> accepted : sent) {
			assertThat(accepted.get()).isEqualTo(100);
		}
		graph.shutdown();
		await(() -> runs(staffId) > 1 && idle(staffId));
		Thread.sleep(1500);

		// at most the run the burst's first notification started, and one after it
		List<Map<String, Object>> runs = jdbc.queryForList(
				"SELECT trigger_type, status FROM sync_runs WHERE staff_user_id = ? AND id > ?", staffId, before);
		assertThat(runs).hasSizeBetween(1, 2)
			.allSatisfy((run) -> assertThat(run).containsEntry("trigger_type", "requested")
				.containsEntry("status", "succeeded"));
		jdbc.update("DELETE FROM oauth_connections WHERE principal_name = ?", username);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static GraphSubscriptionBook.Subscription subscriptionOf(String username) {
		return GRAPH.subscriptions()
			.stream()
			.filter((subscription) -> subscription.accessToken() != null
					&& subscription.accessToken().endsWith("fake-access-" + username))
			.findFirst()
			.orElse(null);
	}

	private static int runs(long staffId) {
		return a.getBean(JdbcTemplate.class)
			.queryForObject("SELECT COUNT(*) FROM sync_runs WHERE staff_user_id = ?", Integer.class, staffId);
	}

	private static boolean idle(long staffId) {
		return a.getBean(JdbcTemplate.class)
			.queryForObject("SELECT COUNT(*) FROM sync_accounts WHERE staff_user_id = ? AND provider = 'outlook' "
					+ "AND active_run_id IS NULL AND requested_at IS NULL", Integer.class, staffId) == 1;
	}

	private static ConfigurableApplicationContext node(String nodeId, int port) {
		MySqlDatabase.Connection db = MySqlDatabase.get().orElseThrow();
		return new SpringApplicationBuilder(CrmApplication.class).profiles("test")
			.run("--server.port=" + port, "--spring.datasource.url=" + db.url(),
					"--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
					"--crm.sync.node-id=" + nodeId, "--crm.sync.interval=1h", "--crm.sync.tick=1h",
					"--crm.base-url=http://127.0.0.1:" + PORT, "--crm.outlook.notifications.mode=on",
					"--crm.outlook.notifications.check=100ms", "--crm.outlook.client-id=" + MicrosoftStub.CLIENT_ID,
					"--crm.outlook.client-secret=" + MicrosoftStub.CLIENT_SECRET,
					"--crm.outlook.authority-host=" + MicrosoftStub.SERVER.baseUrl(),
					"--crm.outlook.graph-base-url=" + MicrosoftStub.SERVER.baseUrl(),
					"--crm.outlook.redirect-uri=http://localhost/auth/microsoft/callback");
	}

	private static String staffUser(String username) {
		JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
		jdbc.update("DELETE FROM staff_users WHERE username = ?", username);
		jdbc.update("INSERT INTO staff_users (username, display_name, password_hash, role) VALUES (?, ?, ?, 'STAFF')",
				username, username, a.getBean(PasswordEncoder.class).encode(username + "-password-for-tests"));
		return username;
	}

	private static void connect(String username) {
		Instant expiresAt = Instant.now().plusSeconds(3600);
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(
				a.getBean(ClientRegistrationRepository.class).findByRegistrationId("microsoft"), username,
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "fake-access-" + username,
						expiresAt.minusSeconds(60), expiresAt, Set.of(MicrosoftStub.contactsReadScope())),
				new OAuth2RefreshToken("fake-refresh-" + username, null));
		a.getBean(OAuth2AuthorizedClientService.class)
			.saveAuthorizedClient(client,
					UsernamePasswordAuthenticationToken.authenticated(username, null, new ArrayList<>()));
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("not within 60 s");
			}
			Thread.sleep(50);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
