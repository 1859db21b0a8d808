package com.whiskeysocket.crm.sync;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.whiskeysocket.crm.CrmApplication;
import com.whiskeysocket.crm.outlook.GraphContactsStandIn;
import com.whiskeysocket.crm.testsupport.MySqlDatabase;
import com.whiskeysocket.crm.testsupport.RequiresMySqlDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.crypto.password.PasswordEncoder;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Two application nodes on one MariaDB/MySQL working one write-back outbox (ticking every
 * 50 ms) into an address book behind the write SPI: every contact is created once, a
 * burst of changes is one write, writes for one staff member never overlap, a create
 * whose answer was lost is found by its tag instead of made twice, and a connection
 * without the write consent pauses the work. The same for Outlook through each node's
 * real Graph client against {@link GraphContactsStandIn} (one mailbox for both nodes, its
 * four requests in flight enforced), the two nodes looking for work at the same instant:
 * only the outbox's claim keeps them from writing the same contacts.
 */
@ExtendWith(RequiresMySqlDatabase.class)
class WriteBackAcrossNodesMySqlIntegrationTests {

	private static final MemoryAddressBook BOOK = MemoryAddressBook.BOOK;

	private static final int CONTACTS = 300;

	private static final GraphContactsStandIn GRAPH = new GraphContactsStandIn();

	private static final WireMockServer GRAPH_SERVER = new WireMockServer(options().dynamicPort().extensions(GRAPH));

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	private static long rina;

	@Configuration(proxyBeanMethods = false)
	static class Writer {

		@Bean
		MemoryAddressBook memoryAddressBook() {
			return BOOK;
		}

	}

	@BeforeAll
	static void twoNodes() {
		GRAPH_SERVER.start();
		GRAPH_SERVER.stubFor(
				any(urlPathMatching("/v1.0/.*")).willReturn(aResponse().withTransformers(GraphContactsStandIn.NAME)));
		a = node("node-a");
		JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
		for (String table : List.of("write_back_outbox", "write_back_copies", "write_back_settings",
				"contact_phone_sources", "contact_phones", "contact_email_sources", "contact_emails", "contact_links",
				"contact_duplicates", "contacts", "oauth_connections")) {
			jdbc.update("DELETE FROM " + table);
		}
		b = node("node-b");
		rina = staffUser("rina");
	}

	@AfterAll
	static void stop() {
		for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] { a, b }) {
			if (node != null && node.isActive()) {
				node.close();
			}
		}
		GRAPH_SERVER.stop();
	}

	@BeforeEach
	void clean() {
		JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
		for (String table : List.of("write_back_outbox", "write_back_copies", "write_back_settings", "contact_phones",
				"contacts", "oauth_connections")) {
			jdbc.update("DELETE FROM " + table);
		}
		BOOK.reset();
		GRAPH.reset(GRAPH_SERVER.baseUrl());
	}

	@Test
	void everyOwnedContactIsWrittenOnceAndABurstOfChangesIsOneWrite() throws Exception {
		connect("rina", true);
		List<Long> ids = contacts(CONTACTS, rina);
		contacts(20, null);

		a.getBean(WriteBack.class).change(rina, SyncProvider.WHATSAPP, true, "owned", null);

		await(() -> BOOK.people.size() == CONTACTS && pending() == 0);
		assertThat(BOOK.creates).hasSize(CONTACTS);
		assertThat(BOOK.creates.values()).allMatch((count) -> count.get() == 1);
		assertThat(BOOK.maxInFlight.get()).isOne();
		assertThat(copies()).isEqualTo(CONTACTS);

		List<Long> edited = editTenTimesOnBothNodes(ids.subList(0, 50));
		await(() -> pending() == 0 && BOOK.updates.size() == edited.size());
		Thread.sleep(500);

		assertThat(BOOK.updates.values()).allMatch((count) -> count.get() == 1);
		assertThat(BOOK.people.values().stream().filter((p) -> "PT Baru".equals(p.entry().company())).count())
			.isEqualTo(edited.size());
		assertThat(BOOK.creates.values()).allMatch((count) -> count.get() == 1);
		assertThat(a.getBean(WriteBack.class).state(rina, SyncProvider.WHATSAPP).lastWrittenAt()).isNotNull();
	}

	@Test
	void twoNodesWriteEveryOwnedContactOnceIntoTheOutlookFolderAndABurstOfEditsIsOnePatchEach() throws Exception {
		GRAPH.enforce = true;
		// long enough for a node that took the mailbox to still be writing while the
		// other looks for work
		GRAPH.latencyMs = 20;
		GRAPH.throttleNext.set(3);
		connectOutlook("rina");
		List<Long> ids = new ArrayList<>(contacts(CONTACTS / 3, rina));
		contacts(20, null);
		List<WriteBackWorker> workers = List.of(a.getBean(WriteBackWorker.class), b.getBean(WriteBackWorker.class));
		workers.forEach(WriteBackWorker::stop);
		try {
			b.getBean(WriteBack.class).change(rina, SyncProvider.OUTLOOK, true, "owned", null);
			assertThat(bothNodesTickUntil(() -> pending() == 0 && copies() == ids.size())).isOne();
			for (ConfigurableApplicationContext node : List.of(a, b)) {
				List<Long> more = contacts(CONTACTS / 3, rina);
				ids.addAll(more);
				node.getBean(WriteBackOutbox.class).contactsChanged(more, false);
				assertThat(bothNodesTickUntil(() -> pending() == 0 && copies() == ids.size())).isOne();
			}

			assertThat(GRAPH.folders.values()).extracting((folder) -> folder.get("displayName").asString())
				.containsExactly("Whiskeysocket CRM");
			String folder = GRAPH.folders.keySet().iterator().next();
			assertThat(GRAPH.contacts).hasSize(CONTACTS);
			assertThat(GRAPH.contacts.values())
				.allMatch((copy) -> folder.equals(copy.get("parentFolderId").asString()));
			assertThat(GRAPH.contacts.values()).extracting(
					(copy) -> Long.valueOf(copy.get("singleValueExtendedProperties").get(0).get("value").asString()))
				.containsExactlyInAnyOrderElementsOf(ids);
			assertThat(GRAPH.creates.get()).isEqualTo(CONTACTS);
			assertThat(GRAPH.writes.values()).allMatch((count) -> count.get() == 1);
			assertThat(GRAPH.maxInFlight.get()).isLessThanOrEqualTo(GraphContactsStandIn.MAILBOX_CONCURRENCY);
			assertThat(GRAPH.throttled.get()).as("only the writes answered 429 on purpose").isEqualTo(3);

			List<Long> edited = editTenTimesOnBothNodes(ids.subList(0, 50));
			assertThat(bothNodesTickUntil(() -> pending() == 0 && GRAPH.updates.get() >= edited.size())).isOne();
		}
		finally {
			workers.forEach(WriteBackWorker::start);
		}
		assertThat(GRAPH.updates.get()).isEqualTo(50);
		assertThat(GRAPH.staleUpdates.get()).isZero();
		assertThat(GRAPH.contacts.values()
			.stream()
			.filter((copy) -> "PT Baru".equals(copy.path("companyName").asString("")))).hasSize(50);
		assertThat(GRAPH.writes.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(CONTACTS + 50);
		assertThat(GRAPH.contacts).hasSize(CONTACTS);
	}

	/**
	 * Both nodes look for work at the same instant, again and again until {@code done}.
	 * Their own ticks are stopped and each works what it takes on the calling thread, so
	 * nothing but the outbox's claim keeps the two from writing the same rows.
	 * @return the most address books the two nodes took at one instant
	 */
	private static int bothNodesTickUntil(BooleanSupplier done) throws Exception {
		List<WriteBackWorker> workers = List.of(a.getBean(WriteBackWorker.class), b.getBean(WriteBackWorker.class));
		ExecutorService threads = Executors.newFixedThreadPool(workers.size());
		int most = 0;
		try {
			Instant end = Instant.now().plus(Duration.ofSeconds(60));
			while (!done.getAsBoolean()) {
				assertThat(Instant.now()).as("waited 60 s").isBefore(end);
				CyclicBarrier together = new CyclicBarrier(workers.size());
				List<Future<Integer>> taken = new ArrayList<>();
				for (WriteBackWorker worker : workers) {
					taken.add(threads.submit(() -> {
						together.await();
						return worker.tick();
					}));
				}
				int atOnce = 0;
				for (Future<Integer> each : taken) {
					atOnce += each.get();
				}
				most = Math.max(most, atOnce);
				Thread.sleep(50);
			}
		}
		finally {
			threads.shutdownNow();
		}
		return most;
	}

	@Test
	void aCreateWhoseAnswerWasLostIsFoundByItsTagNotMadeTwice() throws Exception {
		connect("rina", true);
		List<Long> ids = contacts(5, rina);
		BOOK.loseAnswer.put(ids.get(2), true);

		a.getBean(WriteBack.class).change(rina, SyncProvider.WHATSAPP, true, "owned", null);

		await(() -> pending() == 0 && copies() == 5);
		assertThat(BOOK.people).hasSize(5);
		assertThat(BOOK.creates.get(ids.get(2)).get()).isOne();
	}

	@Test
	void aContactLeavingTheScopeLeavesTheGroupAndAnUneditedCopyIsDeleted() throws Exception {
		connect("rina", true);
		List<Long> ids = contacts(2, rina);
		a.getBean(WriteBack.class).change(rina, SyncProvider.WHATSAPP, true, "owned", null);
		await(() -> pending() == 0 && copies() == 2);

		a.getBean(JdbcTemplate.class)
			.update("UPDATE contacts SET owner_id = NULL WHERE id IN (?, ?)", ids.get(0), ids.get(1));
		String edited = BOOK.people.values()
			.stream()
			.filter((p) -> p.tag().equals(ids.get(1)))
			.findFirst()
			.orElseThrow()
			.id();
		MemoryAddressBook.Stored before = BOOK.people.get(edited);
		BOOK.people.put(edited, new MemoryAddressBook.Stored(edited, before.tag(), before.version() + 1,
				new AddressBookEntry("Typed", "On the phone", null, before.entry().phones(), List.of(), null), true));
		b.getBean(WriteBackOutbox.class).contactsChanged(ids, false);

		await(() -> pending() == 0 && copies() == 0);
		assertThat(BOOK.people).containsOnlyKeys(edited);
		assertThat(BOOK.people.get(edited).inGroup()).isFalse();
	}

	@Test
	void withoutTheWriteConsentItCannotBeTurnedOnAndWorkPausesUntilReconnected() throws Exception {
		connect("rina", false);
		List<Long> ids = contacts(3, rina);
		WriteBack writeBack = a.getBean(WriteBack.class);

		assertThatExceptionOfType(WriteBackConsentRequiredException.class)
			.isThrownBy(() -> writeBack.change(rina, SyncProvider.WHATSAPP, true, "owned", null))
			.satisfies((ex) -> assertThat(ex.authorizeUrl()).isEqualTo("/auth/google?access=write"));

		connect("rina", true);
		writeBack.change(rina, SyncProvider.WHATSAPP, true, "owned", null);
		await(() -> BOOK.people.size() == 3 && pending() == 0);

		connect("rina", false); // consent withdrawn
		a.getBean(JdbcTemplate.class).update("UPDATE contacts SET company = 'PT Baru'");
		b.getBean(WriteBackOutbox.class).contactsChanged(ids, true);
		await(() -> "write_consent_required".equals(writeBack.state(rina, SyncProvider.WHATSAPP).paused()));
		assertThat(pending()).isEqualTo(3);
		assertThat(BOOK.updates).isEmpty();

		connect("rina", true);
		await(() -> pending() == 0 && BOOK.updates.size() == 3);
		assertThat(writeBack.state(rina, SyncProvider.WHATSAPP).paused()).isNull();
	}

	/**
	 * A burst of changes: the contacts' company edited, and their change announced ten
	 * times, by the two nodes in turn.
	 */
	private static List<Long> editTenTimesOnBothNodes(List<Long> edited) {
		JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
		for (long id : edited) {
			jdbc.update("UPDATE contacts SET company = 'PT Baru' WHERE id = ?", id);
		}
		for (int i = 0; i < 10; i++) {
			((i % 2 == 0) ? a : b).getBean(WriteBackOutbox.class).contactsChanged(edited, true);
		}
		return edited;
	}

	private static int pending() {
		return a.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM write_back_outbox", Integer.class);
	}

	private static int copies() {
		return a.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM write_back_copies", Integer.class);
	}

	private static List<Long> contacts(int n, Long owner) {
		JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			String phone = "62812" + String.format("%08d", COUNTER.incrementAndGet());
			jdbc.update("INSERT INTO contacts (name, phone, owner_id) VALUES (?, ?, ?)", "Person " + phone, phone,
					owner);
			long id = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = ?", Long.class, phone);
			jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
					+ "VALUES (?, ?, 'mobile', TRUE, CURRENT_TIMESTAMP(6))", phone, id);
			ids.add(id);
		}
		return ids;
	}

	private static final AtomicInteger COUNTER = new AtomicInteger();

	private static ConfigurableApplicationContext node(String nodeId) {
		MySqlDatabase.Connection db = MySqlDatabase.get().orElseThrow();
		return new SpringApplicationBuilder(CrmApplication.class, Writer.class).profiles("test")
			.run("--server.port=0", "--spring.datasource.url=" + db.url(),
					"--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
					"--crm.sync.node-id=" + nodeId, "--crm.sync.interval=0", "--crm.write-back.tick=50ms",
					"--crm.write-back.coalesce=1s", "--crm.write-back.batch=40", "--crm.write-back.retry-backoff=100ms",
					"--crm.google.client-id=000000000000-fake.apps.googleusercontent.com",
					"--crm.google.client-secret=fake-google-client-secret",
					"--crm.google.token-uri=http://127.0.0.1:9/token",
					"--crm.google.people-base-url=http://127.0.0.1:9",
					"--crm.outlook.client-id=00000000-0000-0000-0000-0000000c11e0",
					"--crm.outlook.client-secret=fake-client-secret",
					"--crm.outlook.authority-host=" + GRAPH_SERVER.baseUrl(),
					"--crm.outlook.graph-base-url=" + GRAPH_SERVER.baseUrl(),
					"--crm.outlook.redirect-uri=http://localhost/auth/microsoft/callback",
					"--crm.outlook.sync.backoff=10ms", "--crm.outlook.sync.max-wait=5s");
	}

	private static long staffUser(String username) {
		JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
		jdbc.update("DELETE FROM staff_users WHERE username = ?", username);
		jdbc.update("INSERT INTO staff_users (username, display_name, password_hash, role) VALUES (?, ?, ?, 'STAFF')",
				username, username, a.getBean(PasswordEncoder.class).encode(username + "-password-for-tests"));
		return jdbc.queryForObject("SELECT id FROM staff_users WHERE username = ?", Long.class, username);
	}

	private static void connect(String username, boolean write) {
		Instant expiresAt = Instant.now().plusSeconds(3600);
		Set<String> scopes = write
				? Set.of("https://www.googleapis.com/auth/contacts.readonly",
						"https://www.googleapis.com/auth/contacts")
				: Set.of("https://www.googleapis.com/auth/contacts.readonly");
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(
				a.getBean(ClientRegistrationRepository.class).findByRegistrationId("google"), username,
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "fake-access-" + username,
						expiresAt.minusSeconds(60), expiresAt, scopes),
				new OAuth2RefreshToken("fake-refresh-" + username, null));
		a.getBean(OAuth2AuthorizedClientService.class)
			.saveAuthorizedClient(client,
					UsernamePasswordAuthenticationToken.authenticated(username, null, new ArrayList<>()));
	}

	/**
	 * A finished Outlook connect with write access (Graph scopes qualified by its host).
	 */
	private static void connectOutlook(String username) {
		Instant expiresAt = Instant.now().plusSeconds(3600);
		String graph = GRAPH_SERVER.baseUrl();
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(
				a.getBean(ClientRegistrationRepository.class).findByRegistrationId("microsoft"), username,
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "fake-graph-access-" + username,
						expiresAt.minusSeconds(60), expiresAt,
						Set.of("offline_access", graph + "/Contacts.Read", graph + "/Contacts.ReadWrite")),
				new OAuth2RefreshToken("fake-graph-refresh-" + username, null));
		a.getBean(OAuth2AuthorizedClientService.class)
			.saveAuthorizedClient(client,
					UsernamePasswordAuthenticationToken.authenticated(username, null, new ArrayList<>()));
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		Instant end = Instant.now().plus(Duration.ofSeconds(60));
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("waited 60 s").isBefore(end);
			Thread.sleep(50);
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
