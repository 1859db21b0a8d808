package com.whiskeysocket.crm.sync;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.whiskeysocket.crm.CrmApplication;
import com.whiskeysocket.crm.testsupport.GraphStandIn;
import com.whiskeysocket.crm.testsupport.MySqlDatabase;
import com.whiskeysocket.crm.testsupport.RequiresMySqlDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the application (two Spring contexts, each with its own web server,
 * sync threads and scheduler) on one MariaDB/MySQL, with a Graph stand-in answering each
 * page after a delay. Shows that runs, progress, sessions and the schedule are decided by
 * the database, not by one node's memory.
 */
@ExtendWith(RequiresMySqlDatabase.class)
class MultiNodeMySqlIntegrationTests {

	private static final int N = 6_000;

	private static final int PAGE = 500;

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" (?:type=\"hidden\" )?value=\"([^\"]+)\"");

	private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

	private static GraphStandIn graph;

	private static Node a;

	private static Node b;

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@BeforeAll
	static void startTwoNodes() throws IOException {
		graph = new GraphStandIn(N, PAGE);
		a = new Node("node-a");
		b = new Node("node-b");
	}

	@AfterAll
	static void stopNodes() {
		for (Node node : new Node[] { a, b }) {
			if (node != null) {
				node.stop();
			}
		}
		if (graph != null) {
			graph.stop();
		}
	}

	@BeforeEach
	void emptyMailboxState() {
		JdbcTemplate jdbc = a.jdbc();
		for (String table : List.of("contact_links", "contacts", "outlook_delta_links", "sync_runs", "sync_accounts",
				"oauth_connections")) {
			jdbc.update("DELETE FROM " + table);
		}
		graph.setPageDelay(Duration.ofMillis(150));
		a.connect("admin");
	}

	@Test
	void aStartOnEachNodeAtOnceGivesOneRunAndOne409AndTheOtherNodeReportsItsProgress() throws Exception {
		Session admin = signIn(a, "admin", "admin-password-for-tests");
		// the token the page holds, as a browser has it before the clicks
		String csrf = csrfFromPage(a, admin, "/contacts");
		CountDownLatch go = new CountDownLatch(1);
		CompletableFuture<HttpResponse<String>> onA = CompletableFuture.supplyAsync(() -> start(go, a, admin, csrf));
		CompletableFuture<HttpResponse<String>> onB = CompletableFuture.supplyAsync(() -> start(go, b, admin, csrf));
		go.countDown();
		List<HttpResponse<String>> answers = List.of(onA.get(), onB.get());

		assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(202, 409);
		HttpResponse<String> accepted = answers.stream().filter((r) -> r.statusCode() == 202).findFirst().get();
		HttpResponse<String> refused = answers.stream().filter((r) -> r.statusCode() == 409).findFirst().get();
		assertThat(JsonPath.parse(refused.body()).read("$.error", String.class)).isEqualTo("sync_in_progress");
		String location = accepted.headers().firstValue("Location").orElseThrow();
		Node started = (accepted == answers.get(0)) ? a : b;
		Node other = (started == a) ? b : a;

		// the other node knows nothing in memory, yet reports the run's progress
		DocumentContext progress = awaitRun(other, admin, location,
				(run) -> run.read("$.processed", Integer.class) > 0);
		assertThat(progress.read("$.status", String.class)).isEqualTo("running");
		assertThat(progress.read("$.processed", Integer.class)).isLessThan(N);

		DocumentContext done = awaitRun(other, admin, location, (run) -> !"running".equals(run.read("$.status")));
		assertThat(done.read("$.status", String.class)).isEqualTo("succeeded");
		assertThat(done.read("$.counts.added", Integer.class)).isEqualTo(expectedNew());
		assertThat(a.jdbc().queryForObject("SELECT COUNT(*) FROM sync_runs", Integer.class)).isOne();
	}

	@Test
	void aSessionCookieFromOneNodeWorksOnTheOtherAndDisablingEndsItOnBoth() throws Exception {
		long sari = a.staffUser("sari-multi", "sari-multi-password");
		Session session = signIn(a, "sari-multi", "sari-multi-password");

		assertThat(get(b, session, "/api/outlook/sync-status").statusCode()).isEqualTo(200);
		assertThat(get(b, session, "/contacts").statusCode()).isEqualTo(200);

		Session admin = signIn(b, "admin", "admin-password-for-tests");
		HttpResponse<String> disabled = post(b, admin, "/staff/" + sari + "/disable",
				"_csrf=" + csrfFromPage(b, admin, "/staff"));
		assertThat(disabled.statusCode()).isEqualTo(302);

		assertThat(get(a, session, "/api/outlook/sync-status").statusCode()).isEqualTo(401);
		assertThat(get(b, session, "/api/outlook/sync-status").statusCode()).isEqualTo(401);
	}

	@Test
	void aSchedulerTickOnBothNodesSyncsEachDueAccountOnce() throws Exception {
		List<String> staff = List.of("admin", "tick-1", "tick-2", "tick-3");
		for (String username : staff.subList(1, staff.size())) {
			a.staffUser(username, username + "-password");
			a.connect(username);
		}
		graph.setPageDelay(Duration.ZERO);
		for (Node node : new Node[] { a, b }) {
			node.context.getBean(DueAccounts.class).ensureAccounts(SyncProvider.OUTLOOK, connectedStaff());
		}
		a.jdbc().update("UPDATE sync_accounts SET next_due_at = ?", LocalDateTime.now(ZoneOffset.UTC).minusMinutes(1));

		CountDownLatch go = new CountDownLatch(1);
		CompletableFuture<Integer> onA = CompletableFuture.supplyAsync(() -> tick(go, a));
		CompletableFuture<Integer> onB = CompletableFuture.supplyAsync(() -> tick(go, b));
		go.countDown();
		assertThat(onA.get() + onB.get()).isEqualTo(staff.size());
		awaitNoRunningRun();

		List<Map<String, Object>> runs = a.jdbc()
			.queryForList("SELECT staff_user_id, status, trigger_type, node_id FROM sync_runs");
		assertThat(runs).hasSize(staff.size());
		assertThat(runs).extracting((run) -> run.get("staff_user_id")).doesNotHaveDuplicates();
		assertThat(runs).allSatisfy((run) -> assertThat(run).containsEntry("status", "succeeded")
			.containsEntry("trigger_type", "scheduled"));
		// a second round right after finds nothing due
		assertThat(tick(new CountDownLatch(0), a) + tick(new CountDownLatch(0), b)).isZero();
		System.out.printf("Multi-node tick: %d accounts, node-a started %d, node-b started %d%n", staff.size(),
				onA.get(), onB.get());
	}

	@Test
	void aRunWhoseNodeDiesIsTakenOverAfterItsLeaseAndEndsWithTheCountOfACleanSync() throws Exception {
		Node doomed = new Node("node-doomed");
		try {
			Session admin = signIn(doomed, "admin", "admin-password-for-tests");
			graph.setPageDelay(Duration.ofMillis(300));
			HttpResponse<String> accepted = post(doomed, admin, "/api/outlook/sync-contacts?wait=0", null);
			assertThat(accepted.statusCode()).isEqualTo(202);
			String location = accepted.headers().firstValue("Location").orElseThrow();
			awaitRun(a, admin, location, (run) -> run.read("$.processed", Integer.class) >= 2 * PAGE);

			doomed.kill();
		}
		finally {
			doomed.stop();
		}
		graph.setPageDelay(Duration.ofMillis(20));
		Session admin = signIn(b, "admin", "admin-password-for-tests");
		// refused while the dead node's lease lasts, then taken over
		HttpResponse<String> retry;
		Instant giveUp = Instant.now().plusSeconds(30);
		do {
			Thread.sleep(250);
			retry = post(b, admin, "/api/outlook/sync-contacts?wait=60", null);
		}
		while (retry.statusCode() == 409 && Instant.now().isBefore(giveUp));
		assertThat(retry.statusCode()).isEqualTo(200);

		List<Map<String, Object>> runs = a.jdbc()
			.queryForList("SELECT status, error_code, added, node_id FROM sync_runs ORDER BY id");
		assertThat(runs).hasSize(2);
		assertThat(runs.get(0)).containsEntry("status", "interrupted")
			.containsEntry("error_code", "lease_expired")
			.containsEntry("node_id", "node-doomed");
		assertThat(runs.get(1)).containsEntry("status", "succeeded").containsEntry("node_id", "node-b");
		int before = ((Number) runs.get(0).get("added")).intValue();
		int after = ((Number) runs.get(1).get("added")).intValue();
		assertThat(before).isPositive();
		// nothing counted twice; a page in flight when
		// the node died may be counted by neither
		assertThat(before + after).isBetween(expectedNew() - PAGE, expectedNew());
		assertThat(a.jdbc().queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isEqualTo(expectedNew());
		System.out.printf("Multi-node takeover: %d added before the node died, %d by the run that took over%n", before,
				after);
	}

	private List<Long> connectedStaff() {
		return a.jdbc().queryForList("SELECT staff_user_id FROM oauth_connections", Long.class);
	}

	private static int expectedNew() {
		int none = 0;
		for (int i = 0; i < N; i++) {
			none += (GraphStandIn.phoneOf(i) == null) ? 1 : 0;
		}
		return N - none;
	}

	private static int tick(CountDownLatch go, Node node) {
		try {
			go.await();
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
		return node.context.getBean(SyncScheduler.class).tick();
	}

	private void awaitNoRunningRun() throws InterruptedException {
		for (int i = 0; i < 600; i++) {
			if (a.jdbc()
				.queryForObject("SELECT COUNT(*) FROM sync_runs WHERE status = 'running'", Integer.class) == 0) {
				return;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("runs are still running");
	}

	private DocumentContext awaitRun(Node node, Session session, String location,
			java.util.function.Predicate<DocumentContext> until) throws Exception {
		Instant giveUp = Instant.now().plusSeconds(120);
		while (Instant.now().isBefore(giveUp)) {
			HttpResponse<String> answer = get(node, session, location);
			assertThat(answer.statusCode()).isEqualTo(200);
			DocumentContext run = JsonPath.parse(answer.body());
			if (until.test(run)) {
				return run;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("the run did not get there: " + location);
	}

	private HttpResponse<String> start(CountDownLatch go, Node node, Session session, String csrf) {
		try {
			go.await();
			return send(session.on(HttpRequest.newBuilder(node.uri("/api/outlook/sync-contacts?wait=0")))
				.header("X-CSRF-TOKEN", csrf)
				.header("Accept", "application/json")
				.POST(HttpRequest.BodyPublishers.noBody())
				.build());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Signs in through the login form, as a browser does. */
	private Session signIn(Node node, String username, String password) throws Exception {
		HttpResponse<String> login = send(HttpRequest.newBuilder(node.uri("/login")).GET().build());
		Matcher csrf = CSRF.matcher(login.body());
		assertThat(csrf.find()).as("login form CSRF field").isTrue();
		Session anonymous = new Session(cookie(login));
		HttpResponse<String> signedIn = send(anonymous.on(HttpRequest.newBuilder(node.uri("/login")))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("username=" + username + "&password=" + password + "&_csrf=" + csrf.group(1)))
			.build());
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location").orElse("")).endsWith("/contacts");
		return new Session(cookie(signedIn));
	}

	private String csrfFromPage(Node node, Session session, String path) throws Exception {
		Matcher meta = CSRF_META.matcher(get(node, session, path).body());
		assertThat(meta.find()).as("CSRF meta tag on " + path).isTrue();
		return meta.group(1);
	}

	private HttpResponse<String> get(Node node, Session session, String path) throws Exception {
		return send(
				session.on(HttpRequest.newBuilder(node.uri(path))).header("Accept", "application/json").GET().build());
	}

	private HttpResponse<String> post(Node node, Session session, String path, String form) throws Exception {
		HttpRequest.Builder request = session.on(HttpRequest.newBuilder(node.uri(path)));
		if (form != null) {
			return send(request.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build());
		}
		return send(request.header("X-CSRF-TOKEN", csrfFromPage(node, session, "/contacts"))
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String cookie(HttpResponse<String> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((header) -> header.startsWith("SESSION="))
			.map((header) -> header.substring(0, header.indexOf(';')))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no SESSION cookie"));
	}

	/** A browser's session cookie, sent to whichever node. */
	private record Session(String cookie) {

		HttpRequest.Builder on(HttpRequest.Builder request) {
			return request.header("Cookie", cookie);
		}

	}

	/** One instance of the application on the shared database. */
	private static final class Node {

		final ConfigurableApplicationContext context;

		final int port;

		Node(String nodeId) {
			MySqlDatabase.Connection db = MySqlDatabase.get().orElseThrow();
			this.context = new SpringApplicationBuilder(CrmApplication.class).profiles("test")
				.run("--server.port=0", "--spring.datasource.url=" + db.url(),
						"--spring.datasource.username=" + db.username(),
						"--spring.datasource.password=" + db.password(), "--crm.sync.node-id=" + nodeId,
						"--crm.sync.lease=2s", "--crm.sync.interval=1h", "--crm.sync.tick=1h",
						"--crm.outlook.client-id=00000000-0000-0000-0000-00000000a0de",
						"--crm.outlook.client-secret=fake-client-secret",
						"--crm.outlook.authority-host=" + graph.baseUrl(),
						"--crm.outlook.graph-base-url=" + graph.baseUrl(),
						"--crm.outlook.redirect-uri=http://localhost/auth/microsoft/callback");
			this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
		}

		URI uri(String path) {
			return URI.create("http://127.0.0.1:" + port + path);
		}

		JdbcTemplate jdbc() {
			return context.getBean(JdbcTemplate.class);
		}

		long staffUser(String username, String password) {
			jdbc().update("DELETE FROM staff_users WHERE username = ?", username);
			jdbc().update(
					"INSERT INTO staff_users (username, display_name, password_hash, role) VALUES (?, ?, ?, 'STAFF')",
					username, username, context.getBean(PasswordEncoder.class).encode(password));
			return jdbc().queryForObject("SELECT id FROM staff_users WHERE username = ?", Long.class, username);
		}

		/** Stores a connection as a finished connect would. */
		void connect(String username) {
			Instant expiresAt = Instant.now().plusSeconds(3600);
			ClientRegistrationRepository registrations = context.getBean(ClientRegistrationRepository.class);
			OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(registrations.findByRegistrationId("microsoft"),
					username,
					new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "fake-multi-node-access-token",
							expiresAt.minusSeconds(60), expiresAt, Set.of(graph.baseUrl() + "/Contacts.Read")),
					new OAuth2RefreshToken("fake-multi-node-refresh-token", null));
			context.getBean(OAuth2AuthorizedClientService.class)
				.saveAuthorizedClient(client,
						UsernamePasswordAuthenticationToken.authenticated(username, null, new ArrayList<>()));
		}

		/**
		 * Dies as a killed process would: its database connections go first, so it can
		 * neither renew its lease nor record anything on its way down.
		 */
		void kill() {
			((HikariDataSource) context.getBean(DataSource.class)).close();
			context.close();
		}

		void stop() {
			if (context.isActive()) {
				context.close();
			}
		}

	}

}
