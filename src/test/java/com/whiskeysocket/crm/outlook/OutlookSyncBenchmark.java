package com.whiskeysocket.crm.outlook;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.staff.StaffPrincipal;
import com.whiskeysocket.crm.sync.SyncCounts;
import com.whiskeysocket.crm.sync.SyncResult;
import com.whiskeysocket.crm.sync.SyncTrigger;
import com.whiskeysocket.crm.testsupport.GraphStandIn;

import org.springframework.beans.factory.annotation.Autowired;
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

	private static final String DATABASE_URL = System.getenv("BENCH_DATABASE_URL");

	private static final GraphStandIn GRAPH = startGraph();

	private static final List<String> TABLE = new ArrayList<>();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("crm.outlook.client-id", () -> "00000000-0000-0000-0000-00000000be4c");
		registry.add("crm.outlook.client-secret", () -> "fake-client-secret");
		registry.add("crm.outlook.authority-host", GRAPH::baseUrl);
		registry.add("crm.outlook.graph-base-url", GRAPH::baseUrl);
		registry.add("logging.level.com.whiskeysocket", () -> "WARN");
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
	private GraphClient graphClient;

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

	@AfterAll
	static void stopGraph() {
		GRAPH.stop();
	}

	@Test
	void outlookSyncAtScale() throws Exception {
		StaffPrincipal admin = (StaffPrincipal) users.loadUserByUsername("admin");
		storeTokens();

		// warm-up, not reported: JIT, connection pool, first-use costs
		GRAPH.setContacts(Math.min(2_000, N));
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
			graphClient.fullRound("admin", GraphStandIn.FOLDER, (page) -> parsed[0] += page.contacts().size());
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
		seed(N);
		Measured full = measure(() -> synced(admin).counts());
		SyncCounts counts = full.counts;
		assertThat(counts.total()).isEqualTo(N);
		assertThat(counts.added() + counts.merged() + counts.updated() + counts.skippedNoPhone()).isEqualTo(N);
		assertThat(counts.skippedNoPhone()).isEqualTo(countWhere(N, (i) -> GraphStandIn.phoneOf(i) == null));
		assertThat(counts.merged()).isEqualTo(countWhere(N, (i) -> "whatsapp".equals(GraphStandIn.seededSource(i))));
		assertThat(counts.updated()).isEqualTo(countWhere(N, (i) -> "google".equals(GraphStandIn.seededSource(i))));
		row("full sync (OutlookSyncService, empty CRM + 3% WhatsApp/Google rows)", full, N);

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
		Measured nameSearch = page(admin, "/contacts?q=" + "ontact%200" + String.format("%05d", N / 2).substring(0, 4));
		Measured phoneSearch = page(admin, "/contacts?q=0812" + String.format("%08d", N / 2).substring(0, 5));
		Measured sortedByName = page(admin, "/contacts?sort=name&page=3");

		List<String> out = new ArrayList<>();
		out.add("");
		out.add("Outlook sync benchmark: N = " + N + " contacts, database " + database() + ", "
				+ Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version"));
		out.add("");
		out.add("| step | wall | contacts/s | Graph requests | SQL statements | peak heap | peak heap after GC |");
		out.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
		out.addAll(TABLE);
		out.add("");
		out.add("| Contacts page at " + rows + " rows (server time, median of 15) | ms | SQL statements |");
		out.add("| --- | ---: | ---: |");
		out.add(pageRow("first page (newest first, 50 rows, with count)", firstPage));
		out.add(pageRow("name search (substring)", nameSearch));
		out.add(pageRow("phone search (`0812…` prefix)", phoneSearch));
		out.add(pageRow("sorted by name, page 4", sortedByName));
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
		String text = String.join(System.lineSeparator(), out);
		System.out.println(text);
		Files.writeString(Path.of("target", "benchmark.md"), text);
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
	}

	private static String pageRow(String what, Measured m) {
		return String.format(Locale.ROOT, "| %s | %.1f | %d |", what, m.micros / 1000.0, m.statements);
	}

	/**
	 * The fastest plain way to write N contact rows: batches of 1,000, a commit per
	 * batch.
	 */
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
	}

	private void emptyDatabase() {
		boolean h2 = database().toLowerCase(Locale.ROOT).contains("h2");
		jdbc.execute((ConnectionCallback<Void>) (connection) -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute(h2 ? "SET REFERENTIAL_INTEGRITY FALSE" : "SET FOREIGN_KEY_CHECKS = 0");
				for (String table : List.of("contact_links", "contacts", "outlook_delta_links", "sync_runs")) {
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
			return new GraphStandIn(N, 1000);
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
		return syncService.start(admin, SyncTrigger.MANUAL).await(java.time.Duration.ofMinutes(30)).orElseThrow();
	}

}
