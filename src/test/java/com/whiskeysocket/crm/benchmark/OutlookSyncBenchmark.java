package com.whiskeysocket.crm.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.testsupport.NameSearchIndex;
import com.whiskeysocket.crm.CrmApplication;
import com.whiskeysocket.crm.google.GoogleStub;
import com.whiskeysocket.crm.outlook.ConnectedStaff;
import com.whiskeysocket.crm.outlook.GraphReads;
import com.whiskeysocket.crm.outlook.OutlookSyncService;
import com.whiskeysocket.crm.staff.StaffPrincipal;
import com.whiskeysocket.crm.sync.ContactSource;
import com.whiskeysocket.crm.sync.SyncProvider;
import com.whiskeysocket.crm.sync.SyncRuns;
import com.whiskeysocket.crm.sync.SyncCounts;
import com.whiskeysocket.crm.sync.SyncResult;
import com.whiskeysocket.crm.sync.SyncTrigger;
import com.whiskeysocket.crm.testsupport.GraphStandIn;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The Outlook sync at scale, measured: {@code ./mvnw -Pbench test [-Dbench.n=100000]}, on
 * {@code BENCH_DATABASE_URL} (a MariaDB/MySQL database whose name contains "bench" or
 * "test": it is emptied) or else an in-memory H2. Prints a table; checks counts, never
 * times.
 */
@SpringBootTest
@AutoConfigureMockMvc
class OutlookSyncBenchmark {

	private static final int N = Integer.getInteger("bench.n", 100_000);

	/**
	 * Contacts synced once before anything is measured, so that the JIT has compiled the
	 * sync: after a warm-up of 2,000 the JIT's C2 compiler still took 4–10 s of a core
	 * during the measured first sync of 100,000 (two cores in all), after 60,000 1–4 s.
	 * {@code -Dbench.warmup=2000} measures as issues 14 to 22 did.
	 */
	private static final int WARM_UP = Math.min(Integer.getInteger("bench.warmup", 60_000), N);

	private static final String DATABASE_URL = System.getenv("BENCH_DATABASE_URL");

	/** How long the stand-in takes to answer each contact page in the latency step. */
	private static final int LATENCY_MS = Integer.getInteger("bench.latencyMs", 100);

	/** Whether to start the packaged jar with a 256 MiB heap and sync through it. */
	private static final boolean JAR = Boolean.getBoolean("bench.jar");

	/** Whether to grow the contact list to a million rows and time the list there. */
	private static final boolean MILLION = Boolean.getBoolean("bench.million");

	/** Staff members syncing at once in the team step, and each one's mailbox. */
	private static final int TEAM = 20;

	private static final int TEAM_MAILBOX = Math.max(100, Math.min(5_000, N / TEAM));

	/** A million rows in the million-row step. */
	private static final int MILLION_ROWS = 1_000_000;

	private static final String TEST_KEY = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdCE=";

	private static final List<String> TARGETS = new ArrayList<>();

	private static final List<String> NOTES = new ArrayList<>();

	private static final GraphStandIn GRAPH = startGraph();

	private static final List<String> TABLE = new ArrayList<>();

	private static final List<String> FAILED_STEPS = new ArrayList<>();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("crm.outlook.client-id", () -> "00000000-0000-0000-0000-00000000be4c");
		registry.add("crm.outlook.client-secret", () -> "fake-client-secret");
		registry.add("crm.outlook.authority-host", GRAPH::baseUrl);
		registry.add("crm.outlook.graph-base-url", GRAPH::baseUrl);
		registry.add("logging.level.com.whiskeysocket", () -> "WARN");
		// the team step: every staff member's run at once on one node
		registry.add("crm.sync.threads", () -> String.valueOf(TEAM));
		GoogleStub.register(registry);
		if (DATABASE_URL != null && !DATABASE_URL.isBlank()) {
			if (!DATABASE_URL.contains("bench") && !DATABASE_URL.contains("test")) {
				throw new IllegalStateException("BENCH_DATABASE_URL must name a database containing 'bench' or "
						+ "'test': the benchmark empties it");
			}
			registry.add("spring.datasource.url", () -> DATABASE_URL);
			registry.add("spring.datasource.username", () -> env("BENCH_DATABASE_USERNAME", "root"));
			registry.add("spring.datasource.password", () -> env("BENCH_DATABASE_PASSWORD", ""));
		}
	}

	@Autowired
	private OutlookSyncService syncService;

	@Autowired
	private OAuth2AuthorizedClientService store;

	@Autowired
	private ClientRegistrationRepository registrations;

	@Autowired
	private UserDetailsService users;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private SyncRuns syncRuns;

	@Autowired
	private PasswordEncoder passwordEncoder;

	@AfterAll
	static void stopGraph() {
		GRAPH.stop();
	}

	@Test
	void outlookSyncAtScale() throws Exception {
		StaffPrincipal admin = (StaffPrincipal) users.loadUserByUsername("admin");
		storeTokens();
		String loadBefore = PeopleMigrationBenchmark.loadAverage();

		// warm-up, not reported: JIT, connection pool, first-use costs
		GRAPH.setContacts(WARM_UP);
		emptyDatabase();
		synced(admin);

		GRAPH.setContacts(Math.max(N / 10, 1));
		emptyDatabase();
		seed(N / 10);
		Measured tenth = measure(() -> synced(admin).counts());

		GRAPH.setContacts(N);
		emptyDatabase();
		int[] parsed = { 0 };
		Measured fetch = measure(() -> {
			parsed[0] += GraphReads.fullRound(context, "admin", GraphStandIn.FOLDER);
			return null;
		});
		assertThat(parsed[0]).isEqualTo(N);
		row("fetch-only baseline (Graph stand-in → records, no database)", fetch, N);

		Measured write = measure(() -> {
			writeOnly(N);
			return null;
		});
		row("write-only baseline (plain JDBC batch insert of N rows)", write, N);

		emptyDatabase();
		long adminId = admin.id();
		Measured peopleRows = measure(() -> {
			writePeopleRowsOnly(N, adminId);
			return null;
		});
		row("write-only baseline, the people model's rows (plain JDBC batches: a contact, 2 numbers and their "
				+ "sources, a link, an email and its source, 2 name words, a change a contact)", peopleRows, N);

		emptyDatabase();
		seed(N);
		long walkedBefore = indexEntriesWalked();
		Measured full = measure(() -> synced(admin).counts());
		long walked = indexEntriesWalked() - walkedBefore;
		SyncCounts counts = full.counts;
		assertThat(counts.total()).isEqualTo(N);
		assertThat(counts.added() + counts.merged() + counts.updated() + counts.skippedNoPhone()).isEqualTo(N);
		assertThat(counts.skippedNoPhone()).isEqualTo(countWhere(N, (i) -> GraphStandIn.phoneOf(i) == null));
		assertThat(counts.merged()).isEqualTo(countWhere(N, (i) -> "whatsapp".equals(GraphStandIn.seededSource(i))));
		assertThat(counts.updated()).isEqualTo(countWhere(N, (i) -> "google".equals(GraphStandIn.seededSource(i))));
		row("full sync (OutlookSyncService, empty CRM + 3% WhatsApp/Google rows)", full, N);
		long numbersAfterFullSync = jdbc.queryForObject("SELECT COUNT(*) FROM contact_phones", Long.class);

		Measured unchanged = median(5, () -> {
			SyncCounts resync = synced(admin).counts();
			assertThat(resync.total()).isZero();
			return resync;
		});
		row("re-sync, nothing changed (delta; median of 5)", unchanged, N);

		Measured onePercent = median(5, () -> {
			GRAPH.change(1);
			SyncCounts resync = synced(admin).counts();
			assertThat(resync.updated()).isEqualTo(countWhere(N, (i) -> i % 100 == 0));
			return resync;
		});
		row("re-sync after 1% changed (delta; median of 5)", onePercent, N);

		// the list is measured with more rows than the mailbox had: N plus 5%
		long present = jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Long.class);
		topUp((int) (N + N / 20 - present));
		long rows = jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Long.class);
		Measured firstPage = page(admin, "/contacts");
		Measured nameSearch = page(admin, "/contacts?q=" + "contact%20" + String.format("%06d", N / 2).substring(0, 4));
		Measured phoneSearch = page(admin, "/contacts?q=0812" + String.format("%08d", N / 2).substring(0, 5));
		Measured sortedByName = page(admin, "/contacts?sort=name&page=3");
		// a home number (the contact's third), which only contact_phones holds
		Measured otherNumberSearch = page(admin, "/contacts?q=0815" + String.format("%08d", N / 2 + 2).substring(0, 6));
		String[] listPages = { "first page", "name search", "number search", "other-number search", "sorted by name" };
		Measured[] listTimes = { firstPage, nameSearch, phoneSearch, otherNumberSearch, sortedByName };
		for (int p = 0; p < listPages.length; p++) {
			target("22.6 Contacts page at " + rows + " rows, " + listPages[p],
					String.format(Locale.ROOT, "%.1f ms", listTimes[p].micros / 1000.0), "≤ 35 ms (median)",
					(N >= 100_000) ? listTimes[p].micros <= 35_000 : null);
		}
		// the same pages once the server has served a few hundred of them (the JIT's
		// steady state, as on a server that has been up for a while), with InnoDB's
		// pages still to be written after the sync at each measurement
		String[] listUrls = { "/contacts", "/contacts?q=" + "contact%20" + String.format("%06d", N / 2).substring(0, 4),
				"/contacts?q=0812" + String.format("%08d", N / 2).substring(0, 5), "/contacts?sort=name&page=3",
				"/contacts?q=0815" + String.format("%08d", N / 2 + 2).substring(0, 6) };
		long dirtyCold = dirtyPages();
		for (int round = 0; round < 60; round++) {
			for (String url : listUrls) {
				mvc.perform(get(url).with(user(admin))).andExpect(status().isOk());
			}
		}
		long dirtyWarm = dirtyPages();
		String[] warmNames = { "first page", "name search", "number search", "sorted by name", "other-number search" };
		for (int p = 0; p < listUrls.length; p++) {
			Measured warm = page(admin, listUrls[p]);
			target("22.6 Contacts page at " + rows + " rows, " + warmNames[p] + ", after 300 more pages",
					String.format(Locale.ROOT, "%.1f ms", warm.micros / 1000.0), "≤ 35 ms (median)",
					(N >= 100_000) ? warm.micros <= 35_000 : null);
		}
		NOTES.add(
				String
					.format(Locale.ROOT,
							"- Contacts page at %,d rows: InnoDB pages not yet written after the sync %,d at the first "
									+ "measurement, %,d at the second (after 300 more pages)",
							rows, dirtyCold, dirtyWarm));

		target("22.1 first sync of " + N + " contacts (" + numbersAfterFullSync + " numbers), instant stand-in",
				String.format(Locale.ROOT, "%,d ms (fetch-only floor %,d ms, plain insert %,d ms)", full.millis,
						fetch.millis, write.millis),
				"≤ 3,000 ms at N = 100,000", (N >= 100_000) ? full.millis <= 3000L * N / 100_000 : null);
		// issue 18: per contact no slower than the last one-number run (commit 12c5bf9,
		// docs/performance.md: 5,132 ms for 100,000 contacts)
		target("18. first sync per contact, one to three numbers each",
				String.format(Locale.ROOT, "%.1f µs a contact", 1000.0 * full.millis / N),
				"≤ 51.3 µs a contact (5,132 ms for 100,000 with one number)",
				(N >= 100_000) ? 1000.0 * full.millis / N <= 51.32 : null);
		// a look-up read as a walk of a whole index (MariaDB's guess of a long IN list
		// from lagging statistics) read 20 to 30 million entries in one sync of 100,000
		target("18. index entries walked during the first sync (Handler_read_next)",
				mariaDb() ? String.format(Locale.ROOT, "%,d (%.1f a contact)", walked, (double) walked / N)
						: "not measured (not MariaDB)",
				"≤ 20 a contact (no look-up walks an index)", mariaDb() ? walked <= 20L * N : null);
		NOTES.add(String.format(Locale.ROOT,
				"- First sync's floor on this schema: writing the people model's rows alone, with no look-up and no "
						+ "merge, takes %.1f µs a contact (%,d ms for %,d); the warm-up synced %,d contacts first",
				1000.0 * peopleRows.millis / N, peopleRows.millis, N, WARM_UP));

		// 2. Graph answering each contact page after LATENCY_MS
		int pages = (N + 999) / 1000;
		GRAPH.setPageDelay(java.time.Duration.ofMillis(LATENCY_MS));
		emptyDatabase();
		seed(N);
		Measured slow = measure(() -> synced(admin).counts());
		// the same pages read and parsed with nothing else done: what the network plus
		// reading each answer costs, the floor the sync's own work hides behind
		int[] slowParsed = { 0 };
		Measured slowFetch = measure(() -> {
			slowParsed[0] += GraphReads.fullRound(context, "admin", GraphStandIn.FOLDER);
			return null;
		});
		// the same with each page's link after its contacts (Graph documents no order)
		GRAPH.setLinkAfterContacts(true);
		emptyDatabase();
		seed(N);
		Measured trailing = measure(() -> synced(admin).counts());
		GRAPH.setLinkAfterContacts(false);
		GRAPH.setPageDelay(java.time.Duration.ZERO);
		assertThat(slow.counts.total()).isEqualTo(N);
		assertThat(trailing.counts.total()).isEqualTo(N);
		assertThat(slowParsed[0]).isEqualTo(N);
		row("fetch-only, Graph answering each page after " + LATENCY_MS + " ms", slowFetch, N);
		row("full sync, Graph answering each page after " + LATENCY_MS + " ms", slow, N);
		row("the same, each page's link after its contacts", trailing, N);
		long floor = (long) pages * LATENCY_MS;
		target("22.2 full sync with " + LATENCY_MS + " ms a page (" + pages + " pages)", String.format(Locale.ROOT,
				"link first %,d ms = %.3f ×, link last %,d ms = %.3f × %,d ms (fetch-only at that pace: %,d ms = %.3f ×)",
				slow.millis, (double) slow.millis / floor, trailing.millis, (double) trailing.millis / floor, floor,
				slowFetch.millis, (double) slowFetch.millis / floor), "≤ 1.05 × pages × latency, both orders",
				(N < 100_000) ? null : Math.max(slow.millis, trailing.millis) <= 1.05 * floor);

		googleImport(admin);
		step("team (issue 14)", () -> team(admin));
		if (JAR) {
			step("22.5 -Xmx256m", this::packagedJar);
		}
		else {
			target("22.5 -Xmx256m: sync and import of " + N + " at once", "not run (-Dbench.jar=true)",
					"both succeed, no OutOfMemoryError, resident size stated", null);
		}
		if (MILLION) {
			step("a million people", () -> million(admin));
		}
		else {
			target("22.3, 22.6, 18 a million people", "not run (-Dbench.million=true)",
					"pages and number search < 50 ms, name < 100 ms, duplicates < 200 ms", null);
		}
		target("WhatsApp import rate (issue 14)",
				"not in this benchmark: WhatsAppBatchMySqlIntegrationTests logs a batch of 1,000 (docs/performance.md)",
				"as target 1", null);

		List<String> out = new ArrayList<>();
		out.add("");
		out.add("Outlook sync benchmark: N = " + N + " contacts, database " + database() + ", "
				+ Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version")
				+ "; load average (1, 5, 15 min) at the start " + loadBefore + ", at the end "
				+ PeopleMigrationBenchmark.loadAverage());
		out.add("");
		out.add("| step | wall | contacts/s | Graph requests | SQL statements | peak heap | peak heap after GC |");
		out.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
		out.addAll(TABLE);
		out.add("");
		out.add("| Contacts page at " + rows + " rows (server time, median of 15) | ms | SQL statements |");
		out.add("| --- | ---: | ---: |");
		out.add(pageRow("first page (newest first, 50 rows, with count)", firstPage));
		out.add(pageRow("name search (word starts)", nameSearch));
		out.add(pageRow("phone search (`0812…` prefix)", phoneSearch));
		out.add(pageRow("sorted by name, page 4", sortedByName));
		out.add(pageRow("number search, a home number (`0815…` prefix)", otherNumberSearch));
		out.add("");
		double ratio = (double) full.millis / (fetch.millis + write.millis);
		out.add(String.format(Locale.ROOT, "full sync ÷ (fetch-only + write-only) = %d ÷ (%d + %d) = %.2f", full.millis,
				fetch.millis, write.millis, ratio));
		out.add(String.format(Locale.ROOT, "re-sync nothing changed ÷ full sync = %.2f%%",
				100.0 * unchanged.millis / full.millis));
		out.add(String.format(Locale.ROOT, "re-sync 1%% changed ÷ full sync = %.2f%%",
				100.0 * onePercent.millis / full.millis));
		out.add(String.format(Locale.ROOT,
				"peak heap after GC (live data) of the full sync: N/10 = %d MiB, N = %d MiB, ratio %.2f",
				tenth.liveHeapMiB, full.liveHeapMiB, (double) full.liveHeapMiB / Math.max(1, tenth.liveHeapMiB)));
		out.add(String.format(Locale.ROOT,
				"peak heap including garbage not yet collected: N/10 = %d MiB, N = %d MiB, ratio %.2f",
				tenth.peakHeapMiB, full.peakHeapMiB, (double) full.peakHeapMiB / Math.max(1, tenth.peakHeapMiB)));
		out.add("");
		out.addAll(NOTES);
		out.add("");
		out.add("| target | measured | goal | |");
		out.add("| --- | --- | --- | --- |");
		out.addAll(TARGETS);
		out.add("");
		String text = String.join(System.lineSeparator(), out);
		System.out.println(text);
		Files.writeString(Path.of("target", "benchmark.md"), text);
		assertThat(FAILED_STEPS).as("steps that failed (their cause is in the table)").isEmpty();
	}

	/**
	 * Runs a step; one that fails is reported as MISSED with its cause and fails the
	 * benchmark at the end, after the other steps have been measured.
	 */
	private static void step(String what, Step step) {
		try {
			step.run();
		}
		catch (Exception | AssertionError ex) {
			FAILED_STEPS.add(what);
			String cause = String.valueOf(ex).replace('|', '/').replaceAll("\\s+", " ");
			target(what, "failed: " + cause.substring(0, Math.min(cause.length(), 400)), "completes", false);
			ex.printStackTrace();
		}
	}

	private interface Step {

		void run() throws Exception;

	}

	private static void target(String what, String measured, String goal, Boolean met) {
		String verdict = (met == null) ? "not judged" : (met ? "met" : "**MISSED**");
		TARGETS.add("| " + what + " | " + measured + " | " + goal + " | " + verdict + " |");
		// as it is measured too: a run that dies later keeps what it measured in its log
		System.out.println("bench target: " + TARGETS.get(TARGETS.size() - 1));
	}

	private boolean mariaDb() {
		return database().toLowerCase(Locale.ROOT).contains("maria")
				|| database().toLowerCase(Locale.ROOT).contains("mysql");
	}

	/**
	 * 6. Google's import of N people (WireMock playing the People API, 1,000 a page),
	 * compared with target 1's rate.
	 */
	private void googleImport(StaffPrincipal admin) {
		// WireMock serving the pages is itself slow; 10,000 people give the rate
		int people = Math.min(N, 10_000);
		emptyDatabase();
		GoogleStub.SERVER.resetAll();
		int pages = (people + 999) / 1000;
		for (int p = 0; p < pages; p++) {
			List<String> page = new ArrayList<>();
			for (int i = p * 1000; i < Math.min(people, (p + 1) * 1000); i++) {
				page.add(GoogleStub.person("bench" + i, "Google Contact " + i, "0819" + String.format("%08d", i)));
			}
			GoogleStub.page(null, (p == 0) ? null : "page-" + p,
					GoogleStub.body((p < pages - 1) ? "page-" + (p + 1) : null, (p < pages - 1) ? null : "bench-sync-1",
							page.toArray(String[]::new)));
		}
		Instant expiresAt = Instant.now().plusSeconds(3600);
		store.saveAuthorizedClient(
				new OAuth2AuthorizedClient(registrations.findByRegistrationId("google"), "admin",
						new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "fake-bench-google-access",
								expiresAt.minusSeconds(60), expiresAt,
								java.util.Set.of("https://www.googleapis.com/auth/contacts.readonly")),
						new OAuth2RefreshToken("fake-bench-google-refresh", null)),
				UsernamePasswordAuthenticationToken.authenticated("admin", null, List.of()));
		ContactSource google = context.getBeansOfType(ContactSource.class)
			.values()
			.stream()
			.filter((source) -> source.provider() == SyncProvider.GOOGLE)
			.findFirst()
			.orElseThrow();
		Measured measured = measure(() -> syncRuns.start(google, admin.id(), SyncTrigger.MANUAL)
			.await(java.time.Duration.ofMinutes(30))
			.orElseThrow()
			.counts());
		assertThat(measured.counts.added()).isEqualTo(people);
		row("Google import of " + people + " people (WireMock People API, 1,000 a page, empty CRM)", measured, people);
		// the same pages read and parsed with nothing merged: the stand-in's and the
		// reading's share, which the read-ahead overlaps with the merge
		int[] read = { 0 };
		Measured fetchOnly = measure(() -> {
			read[0] = com.whiskeysocket.crm.google.GoogleReads.fullRead(context, "admin");
			return null;
		});
		assertThat(read[0]).isEqualTo(people);
		row("Google fetch-only baseline (the same pages read and parsed, nothing merged)", fetchOnly, people);
		long rate = (measured.millis > 0) ? people * 1000L / measured.millis : 0;
		target("22.4 Google import rate, new contacts", String.format(Locale.ROOT,
				"%,d contacts/s (%,d ms for %,d; fetch-only %,d ms)", rate, measured.millis, people, fetchOnly.millis),
				"≥ 20,000 contacts/s", (people < 10_000) ? null : rate >= 20_000);
		GoogleStub.SERVER.resetAll();
	}

	/**
	 * 4. TEAM staff members, each with a TEAM_MAILBOX-contact mailbox, syncing at once:
	 * on this node, then (on MariaDB/MySQL) spread over this node and a second one.
	 */
	private void team(StaffPrincipal admin) {
		List<String> usernames = new ArrayList<>();
		for (int m = 0; m < TEAM; m++) {
			String username = String.format("team-%02d", m);
			usernames.add(username);
			if (jdbc.queryForList("SELECT id FROM staff_users WHERE username = ?", Long.class, username).isEmpty()) {
				jdbc.update("INSERT INTO staff_users (username, display_name, password_hash, role) VALUES (?, ?, ?, "
						+ "'STAFF')", username, "Team " + m, passwordEncoder.encode("fake-team-password"));
			}
			ConnectedStaff.connect(store, registrations, username,
					"fake-bench-access-token-m" + String.format("%02d", m), "fake-bench-refresh-token",
					GRAPH.baseUrl() + "/Contacts.Read", Instant.now().plusSeconds(3600));
		}
		GRAPH.setContacts(TEAM_MAILBOX);
		teamRun("one node", usernames, List.of(context));
		if (DATABASE_URL == null || DATABASE_URL.isBlank()) {
			target("team, two nodes (issue 14)", "not run: H2 in memory is one node's own", "as one node", null);
		}
		else {
			ConfigurableApplicationContext second = secondNode();
			try {
				teamRun("two nodes", usernames, List.of(context, second));
			}
			finally {
				second.close();
			}
		}
		GRAPH.setContacts(N);
	}

	private void teamRun(String where, List<String> usernames, List<ApplicationContext> nodes) {
		emptyDatabase();
		List<Object[]> seeded = new ArrayList<>();
		for (int i = 0; i < TEAM_MAILBOX; i++) {
			if (GraphStandIn.teamSeeded(i)) {
				if (i % 10 == 0) {
					seeded.add(new Object[] { "WhatsApp shared " + i, digits(GraphStandIn.teamPhoneOf(0, i)) });
				}
				else {
					for (int m = 0; m < TEAM; m++) {
						seeded.add(new Object[] { "WhatsApp " + m + "/" + i, digits(GraphStandIn.teamPhoneOf(m, i)) });
					}
				}
			}
		}
		jdbc.batchUpdate("INSERT INTO contacts (name, phone, source) VALUES (?, ?, 'whatsapp')", seeded);
		numbersOfSeededRows();
		long deadlocksBefore = innodbStatus("Innodb_deadlocks");
		long lockWaitsBefore = innodbStatus("Innodb_row_lock_waits");
		java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
		List<java.util.concurrent.CompletableFuture<SyncResult>> runs = new ArrayList<>();
		java.util.concurrent.ExecutorService starters = java.util.concurrent.Executors.newFixedThreadPool(TEAM);
		for (int m = 0; m < TEAM; m++) {
			ApplicationContext node = nodes.get(m % nodes.size());
			String username = usernames.get(m);
			runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
				StaffPrincipal staff = (StaffPrincipal) node.getBean(UserDetailsService.class)
					.loadUserByUsername(username);
				try {
					go.await();
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
				return node.getBean(SyncRuns.class)
					.start(node.getBean(OutlookSyncService.class), staff.id(), SyncTrigger.MANUAL)
					.await(java.time.Duration.ofMinutes(30))
					.orElseThrow();
			}, starters));
		}
		long started = System.nanoTime();
		go.countDown();
		int failed = 0;
		List<String> failures = new ArrayList<>();
		long added = 0;
		long merged = 0;
		long unchanged = 0;
		long updated = 0;
		long total = 0;
		long skipped = 0;
		for (java.util.concurrent.CompletableFuture<SyncResult> run : runs) {
			try {
				SyncCounts counts = run.join().counts();
				added += counts.added();
				merged += counts.merged();
				unchanged += counts.unchanged();
				updated += counts.updated();
				total += counts.total();
				skipped += counts.skipped();
			}
			catch (RuntimeException ex) {
				failed++;
				failures.add(String.valueOf(ex.getCause() != null ? ex.getCause() : ex));
			}
		}
		long millis = (System.nanoTime() - started) / 1_000_000;
		starters.shutdown();
		long deadlocks = innodbStatus("Innodb_deadlocks") - deadlocksBefore;
		long lockWaits = innodbStatus("Innodb_row_lock_waits") - lockWaitsBefore;
		int shared = 0;
		int sharedSeeded = 0;
		int own = 0;
		int ownSeeded = 0;
		for (int i = 0; i < TEAM_MAILBOX; i++) {
			if (i % 10 == 0) {
				shared++;
				sharedSeeded += GraphStandIn.teamSeeded(i) ? 1 : 0;
			}
			else {
				own++;
				ownSeeded += GraphStandIn.teamSeeded(i) ? 1 : 0;
			}
		}
		long expectedAdded = (long) TEAM * (own - ownSeeded) + (shared - sharedSeeded);
		long expectedMerged = (long) TEAM * ownSeeded + sharedSeeded;
		long expectedUnchanged = (long) (TEAM - 1) * shared;
		long rows = jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Long.class);
		long links = jdbc.queryForObject("SELECT COUNT(*) FROM contact_links", Long.class);
		long expectedRows = expectedAdded + seeded.size();
		boolean exact = failed == 0 && added == expectedAdded && merged == expectedMerged
				&& unchanged == expectedUnchanged && updated == 0 && skipped == 0 && total == (long) TEAM * TEAM_MAILBOX
				&& rows == expectedRows && links == (long) TEAM * TEAM_MAILBOX;
		NOTES.add(String.format(Locale.ROOT,
				"- Team, %s: %d staff × %,d contacts at once in %,d ms; added %,d (expected %,d), merged %,d (%,d), "
						+ "unchanged %,d (%,d), updated %,d (0), skipped %,d (0); contacts %,d (%,d), links %,d (%,d); "
						+ "failed runs %d%s; InnoDB deadlocks server-wide during the step %d, row lock waits %,d "
						+ "(a wait is normal; a deadlock or a lock wait timeout that outlasts 5 tries fails a run)",
				where, TEAM, TEAM_MAILBOX, millis, added, expectedAdded, merged, expectedMerged, unchanged,
				expectedUnchanged, updated, skipped, rows, expectedRows, links, (long) TEAM * TEAM_MAILBOX, failed,
				failures.isEmpty() ? "" : " " + failures, deadlocks, lockWaits));
		long budget = 0;
		for (String line : TABLE) {
			if (line.startsWith("| full sync (OutlookSyncService")) {
				budget = Long.parseLong(line.split("\\|")[2].replaceAll("\\D", "")) * 3 / 2;
			}
		}
		long scaledBudget = budget * TEAM * TEAM_MAILBOX / N;
		target("team (issue 14) of " + TEAM + " × " + TEAM_MAILBOX + ", " + where,
				String.format(Locale.ROOT, "%,d ms, counts %s, %d failed, %d deadlocks", millis,
						exact ? "exact" : "WRONG", failed, deadlocks),
				String.format(Locale.ROOT, "exact, none failed, ≤ 1.5 × full sync%s = %,d ms",
						(TEAM * TEAM_MAILBOX == N) ? "" : " scaled to " + TEAM * TEAM_MAILBOX, scaledBudget),
				(N < 100_000) ? null : exact && millis <= scaledBudget);
		assertThat(failures).as("team runs that failed").isEmpty();
		assertThat(exact).as("team counts exact").isTrue();
	}

	private ConfigurableApplicationContext secondNode() {
		return new SpringApplicationBuilder(CrmApplication.class).profiles("test")
			.run("--server.port=0", "--spring.datasource.url=" + DATABASE_URL,
					"--spring.datasource.username=" + env("BENCH_DATABASE_USERNAME", "root"),
					"--spring.datasource.password=" + env("BENCH_DATABASE_PASSWORD", ""), "--crm.sync.node-id=bench-b",
					"--crm.sync.threads=" + TEAM, "--logging.level.com.whiskeysocket=WARN",
					"--crm.outlook.client-id=00000000-0000-0000-0000-00000000be4c",
					"--crm.outlook.client-secret=fake-client-secret", "--crm.outlook.authority-host=" + GRAPH.baseUrl(),
					"--crm.outlook.graph-base-url=" + GRAPH.baseUrl());
	}

	private long innodbStatus(String name) {
		if (!mariaDb()) {
			return 0;
		}
		List<Map<String, Object>> rows = jdbc.queryForList("SHOW GLOBAL STATUS LIKE '" + name + "'");
		return rows.isEmpty() ? 0 : Long.parseLong(String.valueOf(rows.get(0).get("Value")));
	}

	private static String digits(String localNumber) {
		return "62" + localNumber.substring(1);
	}

	/**
	 * 3. The packaged application as its own process with -Xmx256m, syncing N contacts
	 * through its HTTP API.
	 */
	private void packagedJar() throws Exception {
		if (DATABASE_URL == null || DATABASE_URL.isBlank()) {
			target("22.5 -Xmx256m: sync and import at once", "not run: needs BENCH_DATABASE_URL", "succeed", null);
			return;
		}
		emptyDatabase();
		seed(N);
		GRAPH.setContacts(N);
		storeTokens();
		Map<String, String> environment = new java.util.HashMap<>();
		environment.put("DB_URL", DATABASE_URL);
		environment.put("DB_USERNAME", env("BENCH_DATABASE_USERNAME", "root"));
		environment.put("DB_PASSWORD", env("BENCH_DATABASE_PASSWORD", ""));
		environment.put("CRM_ADMIN_PASSWORD", "admin-password-for-tests");
		environment.put("CRM_ENCRYPTION_KEY", TEST_KEY);
		environment.put("CRM_SYNC_INTERVAL", "0");
		environment.put("MICROSOFT_CLIENT_ID", "00000000-0000-0000-0000-00000000be4c");
		environment.put("MICROSOFT_CLIENT_SECRET", "fake-client-secret");
		environment.put("MICROSOFT_AUTHORITY_HOST", GRAPH.baseUrl());
		environment.put("MICROSOFT_GRAPH_BASE_URL", GRAPH.baseUrl());
		try (PackagedJar app = PackagedJar.start("256m", environment)) {
			long rssBefore = app.statusKiB("VmRSS");
			PackagedJar.Run run = app.sync("admin", "admin-password-for-tests");
			String status = run.json().read("$.status");
			int added = run.json().read("$.counts.added", Integer.class);
			int total = run.json().read("$.counts.total", Integer.class);
			long hwm = app.statusKiB("VmHWM");
			long rssAfter = app.statusKiB("VmRSS");
			Number runMillis = run.json().read("$.durationMs");
			NOTES.add(String.format(Locale.ROOT,
					"- Packaged jar (-Xmx256m, pid %d), the sync alone: %s, %,d read, %,d added, run %,d ms (HTTP "
							+ "start to answer \"ended\" %,d ms); resident size before the sync %,d MiB, highest "
							+ "sampled during it %,d MiB, after it %,d MiB, process peak VmHWM %,d MiB",
					app.pid(), status, total, added, runMillis.longValue(), run.millis(), rssBefore / 1024,
					run.maxRssKiB() / 1024, rssAfter / 1024, hwm / 1024));
			boolean ok = "succeeded".equals(status) && total == N;
			target("the packaged app with -Xmx256m syncs " + N + " (issue 14)",
					String.format(Locale.ROOT, "%s in %,d ms; VmHWM %,d MiB, VmRSS during sync ≤ %,d MiB", status,
							runMillis.longValue(), hwm / 1024, run.maxRssKiB() / 1024),
					"succeeds (resident size stated)", ok);
			syncWithImport(app);
		}
	}

	/**
	 * 22.5: in the same -Xmx256m process, the Outlook sync of N contacts and the import
	 * of an N-row CSV file (uploaded, previewed, confirmed) at the same time. 1 in 100
	 * rows shares a number with an Outlook contact, so the two runs meet on the same
	 * people.
	 */
	private void syncWithImport(PackagedJar app) throws Exception {
		emptyDatabase();
		jdbc.update("DELETE FROM import_rows");
		jdbc.update("DELETE FROM import_uploads");
		seed(N);
		Path csv = Path.of("target", "bench-import.csv");
		try (java.io.BufferedWriter out = Files.newBufferedWriter(csv)) {
			out.write("Name,Phone,Email,Company\n");
			for (int i = 0; i < N; i++) {
				out.write("Imported Person " + i + "," + importPhoneOf(i) + ",imported" + i + "@example.com,PT Impor "
						+ (i % 300) + "\n");
			}
		}
		// the seeded WhatsApp and Google rows take in their Outlook contact: one row each
		long expectedContacts = countWhere(N, (i) -> GraphStandIn.phoneOf(i) != null)
				+ countWhere(N, (i) -> !importPhoneOf(i).startsWith("0812"));
		PackagedJar.Session session = app.session("admin", "admin-password-for-tests");
		java.util.concurrent.ExecutorService importer = java.util.concurrent.Executors.newSingleThreadExecutor();
		try (PackagedJar.RssSampler sampler = app.sampleRss()) {
			long started = System.nanoTime();
			String syncRun = app.startSync(session);
			java.util.concurrent.Future<PackagedJar.Run> imported = importer.submit(() -> {
				long uploaded = app.upload(session, csv);
				app.confirm(session, uploaded);
				Long runId = jdbc.queryForObject("SELECT run_id FROM import_uploads WHERE id = ?", Long.class,
						uploaded);
				return app.follow(session, "/api/sync/runs/" + runId, started, sampler);
			});
			PackagedJar.Run sync = app.follow(session, syncRun, started, sampler);
			PackagedJar.Run file = imported.get(10, java.util.concurrent.TimeUnit.MINUTES);
			long bothMillis = (System.nanoTime() - started) / 1_000_000;
			long oom = app.logLinesContaining("OutOfMemoryError");
			long hwm = app.statusKiB("VmHWM");
			long contacts = jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Long.class);
			String syncStatus = sync.json().read("$.status");
			String importStatus = file.json().read("$.status");
			int syncTotal = sync.json().read("$.counts.total", Integer.class);
			int importTotal = file.json().read("$.counts.total", Integer.class);
			boolean ok = app.isAlive() && oom == 0 && "succeeded".equals(syncStatus) && "succeeded".equals(importStatus)
					&& syncTotal == N && importTotal == N && contacts == expectedContacts;
			NOTES.add(String.format(Locale.ROOT,
					"- Packaged jar (-Xmx256m, pid %d), sync and import at once: sync %s (%,d read) in %,d ms, import "
							+ "of %,d rows %s (%,d read) in %,d ms from upload to end, both in %,d ms; contacts %,d "
							+ "(expected %,d); OutOfMemoryError lines in its log %d; resident size highest sampled "
							+ "%,d MiB, process peak VmHWM %,d MiB",
					app.pid(), syncStatus, syncTotal, sync.millis(), N, importStatus, importTotal, file.millis(),
					bothMillis, contacts, expectedContacts, oom, sampler.max() / 1024, hwm / 1024));
			target("22.5 -Xmx256m: sync of " + N + " and import of " + N + " rows at once",
					String.format(Locale.ROOT,
							"sync %s, import %s, counts %s, %d OutOfMemoryError; VmRSS ≤ %,d MiB, VmHWM %,d MiB",
							syncStatus, importStatus, ok ? "exact" : "see note", oom, sampler.max() / 1024, hwm / 1024),
					"both succeed, no OutOfMemoryError, resident size stated", ok);
		}
		finally {
			importer.shutdownNow();
		}
	}

	/** Import row i's number: 1 in 100 is Outlook contact i's mobile, the rest new. */
	private static String importPhoneOf(int i) {
		return (i % 100 == 60) ? GraphStandIn.phoneOf(i) : "0817" + String.format("%08d", i);
	}

	/**
	 * 5. The contact list at a million rows: the Contacts page's queries and a delta
	 * re-sync with nothing changed.
	 */
	private void million(StaffPrincipal admin) {
		if (!mariaDb()) {
			target("22.3, 22.6, 18 a million people", "not run: needs BENCH_DATABASE_URL (MariaDB)", "", null);
			return;
		}
		emptyDatabase();
		seed(N);
		GRAPH.setContacts(N);
		synced(admin);
		long present = jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Long.class);
		long started = System.nanoTime();
		seedMillion((int) (MILLION_ROWS - present));
		// the name search's words, as the application's writes would have added them
		NameSearchIndex.rebuild(jdbc);
		long seedMillis = (System.nanoTime() - started) / 1_000_000;
		for (String table : List.of("contacts", "contact_phones", "contact_phone_sources", "contact_emails",
				"contact_links", "contact_duplicates", "contact_name_tokens")) {
			jdbc.execute("ANALYZE TABLE " + table);
		}
		long rows = jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Long.class);
		long numbers = jdbc.queryForObject("SELECT COUNT(*) FROM contact_phones", Long.class);
		long openPairs = jdbc.queryForObject("SELECT COUNT(*) FROM contact_duplicates WHERE dismissed_at IS NULL",
				Long.class);
		long owner = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'team-03'", Long.class);
		long lastPair = jdbc.queryForObject("SELECT MAX(id) FROM contact_duplicates", Long.class);
		// limit in ms: issue 22's 3. for a name, 18's 200 for the duplicates, else 50
		List<String[]> pages = List.of(new String[] { "first page (newest first, with count)", "/contacts", "50" },
				new String[] { "sorted by name, page 4", "/contacts?sort=name&page=3", "50" },
				new String[] { "sorted by name, descending", "/contacts?sort=-name", "50" },
				new String[] { "status filter (qualified)", "/contacts?status=qualified", "50" },
				new String[] { "status filter (lost, 5 %)", "/contacts?status=lost", "50" },
				new String[] { "owner filter (one staff member)", "/contacts?owner=" + owner, "50" },
				new String[] { "owner filter (mine)", "/contacts?owner=me", "50" },
				new String[] { "owner filter (nobody's)", "/contacts?owner=none", "50" },
				new String[] { "source filter (WhatsApp)", "/contacts?source=whatsapp", "50" },
				new String[] { "source filter (Google)", "/contacts?source=google", "50" },
				new String[] { "source filter (Outlook)", "/contacts?source=outlook", "50" },
				new String[] { "source filter (both)", "/contacts?source=both", "50" },
				new String[] { "source filter (added by hand)", "/contacts?source=manual", "50" },
				new String[] { "source filter (imported, 2 %)", "/contacts?source=import", "50" },
				new String[] { "status, owner and source at once",
						"/contacts?status=new&owner=" + owner + "&source=whatsapp", "50" },
				new String[] { "number search, primary (`0852000123` prefix)", "/contacts?q=0852000123", "50" },
				new String[] { "number search, second number (`0853 0004 5679`)", "/contacts?q=0853%200004%205679",
						"50" },
				new String[] { "number search, international (`+62 854-0012-3458`)",
						"/contacts?q=%2B62%20854-0012-3458", "50" },
				new String[] { "number search, Outlook business number (`021 0000 4567`)",
						"/contacts?q=021%200000%204567", "50" },
				new String[] { "email search (`kontak12346@`)", "/contacts?q=kontak12346%40", "50" },
				new String[] { "name search, common name (`wijaya`)", "/contacts?q=wijaya", "100" },
				new String[] { "name search, rare name (`siregar`, 1 in 1,000)", "/contacts?q=siregar", "100" },
				new String[] { "name search, word start (`sant`)", "/contacts?q=sant", "100" },
				new String[] { "name search, two words (`budi sant`)", "/contacts?q=budi%20sant", "100" },
				new String[] { "name search, no match (`zzqx`)", "/contacts?q=zzqx", "100" },
				new String[] { "name search and status filter (`dewi`, lost)", "/contacts?q=dewi&status=lost", "100" },
				new String[] { "duplicates page (`/contacts/duplicates`)", "/contacts/duplicates", "200" },
				new String[] { "duplicates page, a later page (`?after=…`)",
						"/contacts/duplicates?after=" + (lastPair - 1000), "200" },
				new String[] { "duplicates API (`GET /api/contacts/duplicates`)", "/api/contacts/duplicates", "200" });
		NOTES.add(String.format(Locale.ROOT,
				"- Million-row list: %,d people seeded in %,d ms (to %,d people, %,d numbers, %,d open duplicate "
						+ "suggestions)",
				MILLION_ROWS - present, seedMillis, rows, numbers, openPairs));
		NOTES.add("");
		NOTES.add("| Contacts page at " + String.format(Locale.ROOT, "%,d", rows)
				+ " people (server time through MVC, median of 15) | ms | SQL statements |");
		NOTES.add("| --- | ---: | ---: |");
		for (String[] page : pages) {
			Measured measured;
			try {
				measured = page(admin, page[1]);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			NOTES.add(pageRow(page[0], measured));
			String issue = switch (page[2]) {
				case "100" -> "22.3";
				case "200" -> "18";
				default -> page[0].startsWith("number") ? "18 / 22.6" : "22.6";
			};
			target(issue + " " + page[0] + " at 1M", String.format(Locale.ROOT, "%.1f ms", measured.micros / 1000.0),
					"< " + page[2] + " ms", measured.micros < Long.parseLong(page[2]) * 1000);
		}
		NOTES.add("");
		Measured unchanged = median(5, () -> {
			SyncCounts resync = synced(admin).counts();
			assertThat(resync.total()).isZero();
			return resync;
		});
		row("re-sync, nothing changed, at " + String.format(Locale.ROOT, "%,d", rows) + " people (median of 5)",
				unchanged, N);
		target("delta re-sync, nothing changed, at 1M (issue 14)", unchanged.millis + " ms", "≤ 100 ms",
				unchanged.millis <= 100);
	}

	/**
	 * People as a CRM collects them: mostly WhatsApp, a share from Google and Outlook,
	 * leads in every status, most owned by someone, one to three numbers each, half with
	 * an email, address-book links, and open duplicate suggestions; generated by the
	 * server in chunks.
	 */
	private void seedMillion(int extra) {
		List<Long> staff = jdbc.queryForList("SELECT id FROM staff_users ORDER BY id", Long.class);
		String owners = String.join(",", staff.stream().map(String::valueOf).toList());
		String firsts = "'Budi','Siti','Agus','Dewi','Rina','Andi','Putri','Eko','Sari','Joko','Indah','Rudi',"
				+ "'Wati','Hendra','Lina','Yusuf','Nur','Fajar','Ayu','Bayu'";
		String lasts = "'Santoso','Wijaya','Pratama','Saputra','Hidayat','Kusuma','Nugroho','Lestari',"
				+ "'Setiawan','Halim','Gunawan','Susanto','Purnama','Wibowo','Rahman','Hasan','Tanjung','Utomo',"
				+ "'Suryadi','Firmansyah','Kurniawan','Simanjuntak','Harahap','Nasution','Sitompul'";
		long admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		long firstId = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) + 1 FROM contacts", Long.class);
		int chunk = 100_000;
		for (int from = 1; from <= extra; from += chunk) {
			int to = Math.min(extra, from + chunk - 1);
			String seq = "seq_" + from + "_to_" + to;
			jdbc.update("INSERT INTO contacts (name, phone, email, company, source, outlook_contact_id, "
					+ "google_contact_id, lead_status, owner_id, created_at, updated_at) SELECT "
					+ "CONCAT(ELT(1 + seq % 20, " + firsts
					+ "), ' ', IF(seq % 1000 = 7, 'Siregar', ELT(1 + (seq DIV 20) % 25, " + lasts + "))), "
					+ "CONCAT('62852', LPAD(seq, 8, '0')), "
					+ "IF(seq % 2 = 0, CONCAT('kontak', seq, '@example.com'), NULL), "
					+ "IF(seq % 3 = 0, CONCAT('PT Contoh ', seq % 700), NULL), "
					+ "CASE WHEN seq % 100 < 55 THEN 'whatsapp' WHEN seq % 100 < 70 THEN 'google' "
					+ "WHEN seq % 100 < 85 THEN 'outlook' WHEN seq % 100 < 95 THEN 'both' ELSE 'manual' END, "
					+ "IF(seq % 100 >= 70 AND seq % 100 < 95, CONCAT('AAMkMILLION', seq), NULL), "
					+ "IF(seq % 100 >= 55 AND seq % 100 < 70, CONCAT('people/million', seq), NULL), "
					+ "ELT(1 + seq % 20, 'new','new','new','new','new','new','new','new','new','new','contacted',"
					+ "'contacted','contacted','contacted','qualified','qualified','qualified','won','won','lost'), "
					+ "IF(seq % 10 < 3, NULL, ELT(1 + (seq DIV 10) % " + staff.size() + ", " + owners + ")), "
					+ "NOW(6) - INTERVAL (seq * 31 + 86400) SECOND, NOW(6) - INTERVAL (seq * 31) SECOND FROM " + seq);
		}
		// every number: the primary (62852…), a second (62853…) for 2 in 3, a third
		// (62854…) for 1 in 3, with the sources the contact's source names
		String digits = "SUBSTRING(phone, 6)";
		String fromSeeded = " FROM contacts WHERE id >= " + firstId;
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) SELECT phone, id, "
				+ "'mobile', TRUE, created_at" + fromSeeded);
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) SELECT "
				+ "CONCAT('62853', " + digits + "), id, 'work', FALSE, created_at" + fromSeeded + " AND " + digits
				+ " % 3 >= 1");
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) SELECT "
				+ "CONCAT('62854', " + digits + "), id, 'home', FALSE, created_at" + fromSeeded + " AND " + digits
				+ " % 3 = 2");
		// 2 in 100 (those added by hand) came from a file import
		jdbc.update("INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at) SELECT p.phone, "
				+ "CASE WHEN c.source = 'both' THEN 'whatsapp' WHEN c.source = 'manual' AND "
				+ digits.replace("phone", "c.phone")
				+ " % 100 >= 98 THEN 'import' ELSE c.source END, COALESCE(c.owner_id, 0), p.created_at "
				+ "FROM contact_phones p JOIN contacts c ON c.id = p.contact_id WHERE p.contact_id >= " + firstId);
		jdbc.update("INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at) SELECT p.phone, "
				+ "'outlook', COALESCE(c.owner_id, 0), p.created_at FROM contact_phones p JOIN contacts c "
				+ "ON c.id = p.contact_id WHERE p.contact_id >= " + firstId + " AND c.source = 'both'");
		// the "imported" filter's flag, as a file import leaves it (and V31 fills it)
		jdbc.update("UPDATE contacts SET known_from_import = TRUE WHERE id IN (SELECT p.contact_id FROM "
				+ "contact_phones p JOIN contact_phone_sources s ON s.phone = p.phone WHERE s.source = 'import' "
				+ "AND p.contact_id >= " + firstId + ")");
		jdbc.update(
				"INSERT INTO contact_emails (contact_id, email_key, email, label, is_primary, created_at) SELECT id, "
						+ "email, email, NULL, TRUE, created_at" + fromSeeded + " AND email IS NOT NULL");
		// the address books' identities, in the mailbox of the owner or the admin
		jdbc.update("INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, first_seen_at, "
				+ "last_seen_at) SELECT id, COALESCE(owner_id, " + admin + "), IF(google_contact_id IS NULL, "
				+ "'outlook', 'google'), COALESCE(google_contact_id, outlook_contact_id), created_at, updated_at"
				+ fromSeeded + " AND (google_contact_id IS NOT NULL OR outlook_contact_id IS NOT NULL)");
		// open suggestions: 1 in 200 shares an email with the next person, 1 in 500 a
		// name and company with the one after; 1 in 10 of them dismissed
		jdbc.update("INSERT INTO contact_duplicates (contact_a, contact_b, reason, detail, created_at, dismissed_at) "
				+ "SELECT id, id + 1, 'email', email, updated_at, IF(id % 2000 = 0, updated_at, NULL)" + fromSeeded
				+ " AND id % 200 = 0 AND id + 1 < (SELECT MAX(id) FROM contacts)");
		jdbc.update("INSERT INTO contact_duplicates (contact_a, contact_b, reason, detail, created_at, dismissed_at) "
				+ "SELECT id, id + 2, 'name', name, updated_at, NULL" + fromSeeded
				+ " AND id % 500 = 1 AND id + 2 < (SELECT MAX(id) FROM contacts)");
	}

	/**
	 * Index entries read one after another since the server started, or 0 if not MariaDB.
	 */
	private long indexEntriesWalked() {
		return globalStatus("HANDLER_READ_NEXT");
	}

	/** InnoDB's modified pages not yet written to disk (0 on H2). */
	private long dirtyPages() {
		return globalStatus("INNODB_BUFFER_POOL_PAGES_DIRTY");
	}

	/** One of MariaDB's status counters, or 0 if not MariaDB. */
	private long globalStatus(String name) {
		if (!mariaDb()) {
			return 0;
		}
		return jdbc.queryForObject(
				"SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = ?", Long.class,
				name);
	}

	private Measured page(StaffPrincipal admin, String url) throws Exception {
		for (int i = 0; i < 20; i++) {
			mvc.perform(get(url).with(user(admin))).andExpect(status().isOk());
		}
		long[] times = new long[15];
		long statements = 0;
		for (int i = 0; i < times.length; i++) {
			long before = StatementCounter.STATEMENTS.get();
			long started = System.nanoTime();
			mvc.perform(get(url).with(user(admin))).andExpect(status().isOk());
			times[i] = System.nanoTime() - started;
			statements = StatementCounter.STATEMENTS.get() - before;
		}
		Arrays.sort(times);
		Measured measured = new Measured();
		measured.micros = times[times.length / 2] / 1_000;
		measured.statements = statements;
		return measured;
	}

	private Measured median(int runs, Supplier<SyncCounts> step) {
		List<Measured> all = new ArrayList<>();
		for (int i = 0; i < runs; i++) {
			all.add(measure(step));
		}
		all.sort(java.util.Comparator.comparingLong((Measured m) -> m.millis));
		return all.get(runs / 2);
	}

	private Measured measure(Supplier<SyncCounts> step) {
		System.gc();
		LiveHeap live = LiveHeap.start();
		List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.toList();
		heap.forEach(MemoryPoolMXBean::resetPeakUsage);
		GRAPH.resetRequests();
		long statements = StatementCounter.STATEMENTS.get();
		long started = System.nanoTime();
		SyncCounts counts = step.get();
		Measured measured = new Measured();
		measured.millis = (System.nanoTime() - started) / 1_000_000;
		measured.requests = GRAPH.requests();
		measured.statements = StatementCounter.STATEMENTS.get() - statements;
		measured.peakHeapMiB = heap.stream().mapToLong((pool) -> pool.getPeakUsage().getUsed()).sum() / (1024 * 1024);
		measured.liveHeapMiB = live.stop() / (1024 * 1024);
		measured.counts = counts;
		return measured;
	}

	private static void row(String step, Measured m, int contacts) {
		TABLE.add(String.format(Locale.ROOT, "| %s | %,d ms | %,d | %,d | %,d | %,d MiB | %,d MiB |", step, m.millis,
				(m.millis > 0) ? contacts * 1000L / m.millis : 0, m.requests, m.statements, m.peakHeapMiB,
				m.liveHeapMiB));
		System.out.println("bench step: " + TABLE.get(TABLE.size() - 1));
	}

	private static String pageRow(String what, Measured m) {
		return String.format(Locale.ROOT, "| %s | %.1f | %d |", what, m.micros / 1000.0, m.statements);
	}

	/**
	 * The fastest plain way to write N contact rows: batches of 1,000, a commit per
	 * batch.
	 */
	/**
	 * The rows a first sync of {@code n} new people writes, in pages of 1,000 (one
	 * transaction and one batch per table each), with nothing looked up: the floor the
	 * sync's own time stands on.
	 */
	private void writePeopleRowsOnly(int n, long staffId) {
		jdbc.execute((ConnectionCallback<Void>) (connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			Timestamp now = Timestamp.from(Instant.now());
			String[] sql = {
					"INSERT INTO contacts (id, name, phone, email, company, source, outlook_contact_id, "
							+ "lead_status, name_edited, owner_id, created_at, updated_at, name_key) "
							+ "VALUES (?, ?, ?, ?, ?, 'outlook', ?, 'new', FALSE, ?, ?, ?, ?)",
					"INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) VALUES (?, ?, ?, ?, ?)",
					"INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at) "
							+ "VALUES (?, 'outlook', ?, ?)",
					"INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, change_key, "
							+ "folder_id, first_seen_at, last_seen_at) VALUES (?, ?, 'outlook', ?, ?, ?, ?, ?)",
					"INSERT INTO contact_emails (contact_id, email_key, email, is_primary, created_at) "
							+ "VALUES (?, ?, ?, TRUE, ?)",
					"INSERT INTO contact_email_sources (contact_id, email_key, source, staff_user_id, created_at) "
							+ "VALUES (?, ?, 'outlook', ?, ?)",
					"INSERT INTO contact_name_tokens (token, contact_id) VALUES (?, ?)",
					"INSERT INTO contact_changes (contact_id, deleted, changed_at) VALUES (?, FALSE, ?)" };
			PreparedStatement[] insert = new PreparedStatement[sql.length];
			try {
				for (int t = 0; t < sql.length; t++) {
					insert[t] = connection.prepareStatement(sql[t]);
				}
				for (int i = 0; i < n; i++) {
					long id = i + 1;
					String name = "Contact " + String.format("%06d", i);
					String phone = "62812" + String.format("%08d", i);
					String other = "62815" + String.format("%08d", i);
					String email = "contact" + i + "@example.com";
					add(insert[0], id, name, phone, email, "PT Contoh " + (i % 500), GraphStandIn.id(i), staffId, now,
							now, name.toLowerCase(Locale.ROOT) + "|pt contoh " + (i % 500));
					for (String number : List.of(phone, other)) {
						add(insert[1], number, id, number.equals(phone) ? "mobile" : "work", number.equals(phone), now);
						add(insert[2], number, staffId, now);
					}
					add(insert[3], id, staffId, GraphStandIn.id(i), "ck-" + i, GraphStandIn.FOLDER, now, now);
					add(insert[4], id, email, email, now);
					add(insert[5], id, email, staffId, now);
					for (String token : List.of("contact", String.format("%06d", i))) {
						add(insert[6], token, id);
					}
					add(insert[7], id, now);
					if ((i + 1) % 1000 == 0 || i == n - 1) {
						for (PreparedStatement statement : insert) {
							statement.executeBatch();
						}
						connection.commit();
					}
				}
			}
			finally {
				for (PreparedStatement statement : insert) {
					if (statement != null) {
						statement.close();
					}
				}
				connection.setAutoCommit(autoCommit);
			}
			return null;
		});
	}

	/** Adds one row of values to a statement's batch. */
	private static void add(PreparedStatement statement, Object... values) throws SQLException {
		for (int v = 0; v < values.length; v++) {
			statement.setObject(v + 1, values[v]);
		}
		statement.addBatch();
	}

	private void writeOnly(int n) {
		jdbc.execute((ConnectionCallback<Void>) (connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			Timestamp now = Timestamp.from(Instant.now());
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO contacts (name, phone, email, "
					+ "company, source, outlook_contact_id, created_at, updated_at) VALUES (?, ?, ?, ?, 'outlook', ?, ?, ?)")) {
				for (int i = 0; i < n; i++) {
					insert.setString(1, "Contact " + i);
					insert.setString(2, "62812" + String.format("%08d", i));
					insert.setString(3, "contact" + i + "@example.com");
					insert.setString(4, "PT Contoh " + (i % 500));
					insert.setString(5, GraphStandIn.id(i));
					insert.setTimestamp(6, now);
					insert.setTimestamp(7, now);
					insert.addBatch();
					if ((i + 1) % 1000 == 0 || i == n - 1) {
						insert.executeBatch();
						connection.commit();
					}
				}
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
			return null;
		});
	}

	/** Extra WhatsApp contacts with numbers no Outlook contact has. */
	private void topUp(int extra) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < extra; i++) {
			rows.add(new Object[] { "WhatsApp " + i, "62857" + String.format("%08d", i) });
			if (rows.size() == 1000 || i == extra - 1) {
				jdbc.batchUpdate("INSERT INTO contacts (name, phone, source) VALUES (?, ?, 'whatsapp')", rows);
				rows.clear();
			}
		}
		numbersOfSeededRows();
	}

	/** The WhatsApp and Google contacts that 3 in 100 Outlook contacts meet. */
	private void seed(int n) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			String source = GraphStandIn.seededSource(i);
			if (source != null) {
				rows.add(new Object[] { "Seeded " + i, "62812" + String.format("%08d", i), source });
			}
		}
		jdbc.batchUpdate("INSERT INTO contacts (name, phone, source) VALUES (?, ?, ?)", rows);
		numbersOfSeededRows();
	}

	/**
	 * The people model's rows of contacts seeded with plain SQL: each one's number as its
	 * primary, known to its source (no staff member), as the application writes them.
	 */
	private void numbersOfSeededRows() {
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) SELECT c.phone, "
				+ "c.id, 'mobile', TRUE, c.created_at FROM contacts c WHERE c.phone IS NOT NULL AND NOT EXISTS "
				+ "(SELECT 1 FROM contact_phones p WHERE p.contact_id = c.id)");
		jdbc.update("INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at) SELECT p.phone, "
				+ "c.source, 0, p.created_at FROM contact_phones p JOIN contacts c ON c.id = p.contact_id "
				+ "WHERE c.source IN ('whatsapp', 'google', 'outlook', 'manual') AND NOT EXISTS "
				+ "(SELECT 1 FROM contact_phone_sources s WHERE s.phone = p.phone)");
	}

	private void emptyDatabase() {
		boolean h2 = database().toLowerCase(Locale.ROOT).contains("h2");
		jdbc.execute((ConnectionCallback<Void>) (connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute(h2 ? "SET REFERENTIAL_INTEGRITY FALSE" : "SET FOREIGN_KEY_CHECKS = 0");
				// every table a sync writes, the people model's too (a number left behind
				// would
				// belong to a contact that is gone)
				for (String table : List.of("contact_links", "contact_phone_sources", "contact_phones",
						"contact_email_sources", "contact_emails", "contact_name_tokens", "contact_duplicates",
						"contact_changes", "write_back_outbox", "write_back_copies", "contacts", "outlook_delta_links",
						"sync_runs", "google_sync_tokens")) {
					statement.execute("TRUNCATE TABLE " + table);
				}
				statement.execute(h2 ? "SET REFERENTIAL_INTEGRITY TRUE" : "SET FOREIGN_KEY_CHECKS = 1");
			}
			return null;
		});
	}

	private String database() {
		return jdbc
			.execute((ConnectionCallback<String>) (connection) -> connection.getMetaData().getDatabaseProductName()
					+ " " + connection.getMetaData().getDatabaseProductVersion());
	}

	private void storeTokens() {
		ConnectedStaff.connect(store, registrations, "admin", "fake-bench-access-token", "fake-bench-refresh-token",
				GRAPH.baseUrl() + "/Contacts.Read", Instant.now().plusSeconds(3600));
	}

	private static int countWhere(int n, java.util.function.IntPredicate predicate) {
		int count = 0;
		for (int i = 0; i < n; i++) {
			if (predicate.test(i)) {
				count++;
			}
		}
		return count;
	}

	private static GraphStandIn startGraph() {
		try {
			GraphStandIn graph = new GraphStandIn(N, 1000);
			// issue 18: one to three numbers per contact, unless -Dbench.numbers=1
			graph.setExtraNumbers(Integer.getInteger("bench.numbers", 3) > 1);
			return graph;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

	private static final class Measured {

		long millis;

		long micros;

		int requests;

		long statements;

		long peakHeapMiB;

		long liveHeapMiB;

		SyncCounts counts;

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class CountStatements {

		@Bean
		static BeanPostProcessor statementCountingDataSource() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return (bean instanceof DataSource dataSource && beanName.equals("dataSource"))
							? StatementCounter.wrap(dataSource) : bean;
				}
			};
		}

	}

	/** A run in the background, waited for: the benchmark measures the whole run. */
	private SyncResult synced(StaffPrincipal admin) {
		return syncRuns.start(syncService, admin.id(), SyncTrigger.MANUAL)
			.await(java.time.Duration.ofMinutes(30))
			.orElseThrow();
	}

}
