package com.whiskeysocket.crm.contacts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.whiskeysocket.crm.CrmApplication;
import com.whiskeysocket.crm.testsupport.MySqlDatabase;
import com.whiskeysocket.crm.testsupport.RequiresMySqlDatabase;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application nodes on one MariaDB/MySQL, both taking new contacts through the API at
 * the same time, and a script following {@code GET /api/contacts/changes}: the cursor one
 * node gave is read on the other, and on a node that restarted in between. Every contact
 * written is delivered, and none more often than it was written.
 */
@ExtendWith(RequiresMySqlDatabase.class)
class ContactFeedAcrossNodesMySqlIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" (?:type=\"hidden\" )?value=\"([^\"]+)\"");

	private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

	private static final String USERNAME = "feed-nodes";

	private static final String PASSWORD = "feed-nodes-password-for-tests";

	/** Numbers of this run: a contact's number may be taken only once. */
	private static final long RUN = (System.currentTimeMillis() / 1000) % 100_000;

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** Every contact the nodes created, by id. */
	private final Set<Long> written = ConcurrentHashMap.newKeySet();

	/** Every delivery the script read, in order. */
	private final List<Long> delivered = Collections.synchronizedList(new ArrayList<>());

	private final AtomicInteger counter = new AtomicInteger();

	private Session session;

	private volatile String cursor;

	@BeforeAll
	static void twoNodes() {
		a = node("node-a");
		JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
		jdbc.update("DELETE FROM staff_users WHERE username = ?", USERNAME);
		jdbc.update("INSERT INTO staff_users (username, display_name, password_hash, role) VALUES (?, ?, ?, 'STAFF')",
				USERNAME, USERNAME, a.getBean(PasswordEncoder.class).encode(PASSWORD));
		b = node("node-b");
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
	void aCursorFromOneNodeReadsOnTheOtherAndAfterItRestartsWithNothingMissedOrRepeated() throws Exception {
		// one sign-in: the session is in the database, so every node knows it
		session = signIn(port(a));
		cursor = read(port(b), null).cursor;

		// both nodes write while the script reads on one node, then the other
		writeWhileReading(List.of(a, b), 30);

		// node b goes down: a takes the writes and the reads
		b.close();
		writeWhileReading(List.of(a), 15);

		// b is back (a new process on the same database) and reads the cursor a gave
		b = node("node-b");
		writeWhileReading(List.of(b, a), 15);

		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		for (int turn = 0; !Set.copyOf(delivered).containsAll(written) && System.nanoTime() < deadline; turn++) {
			readOnce((turn % 2 == 0) ? a : b);
			Thread.sleep(200);
		}
		assertThat(written).hasSize(2 * 30 + 15 + 2 * 15);
		assertThat(Set.copyOf(delivered)).containsAll(written);
		// a contact comes again only for another write of it
		Map<Long, Integer> times = new HashMap<>();
		delivered.forEach((id) -> times.merge(id, 1, Integer::sum));
		JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
		for (long id : written) {
			int writes = jdbc.queryForObject("SELECT COUNT(*) FROM contact_changes WHERE contact_id = ?", Integer.class,
					id);
			assertThat(times.get(id)).as("deliveries of contact %d, written %d times", id, writes).isBetween(1, writes);
		}
	}

	/**
	 * Each node given creates {@code perNode} contacts on its own thread, while the
	 * script reads the feed on the nodes in turn; the script reads on until the writers
	 * are done.
	 */
	private void writeWhileReading(List<ConfigurableApplicationContext> nodes, int perNode) throws Exception {
		ExecutorService writers = Executors.newFixedThreadPool(nodes.size());
		List<Future<?>> done = new ArrayList<>();
		for (ConfigurableApplicationContext node : nodes) {
			int port = port(node);
			done.add(writers.submit(() -> {
				for (int i = 0; i < perNode; i++) {
					written.add(create(port));
				}
				return null;
			}));
		}
		int turn = 0;
		while (done.stream().anyMatch((writer) -> !writer.isDone())) {
			readOnce(nodes.get(turn++ % nodes.size()));
			Thread.sleep(50);
		}
		writers.shutdown();
		for (Future<?> writer : done) {
			writer.get();
		}
	}

	private void readOnce(ConfigurableApplicationContext node) throws IOException, InterruptedException {
		Window window = read(port(node), cursor);
		delivered.addAll(window.ids);
		cursor = window.cursor;
	}

	private Window read(int port, String since) throws IOException, InterruptedException {
		HttpResponse<String> answer = http.send(
				HttpRequest.newBuilder(uri(port, "/api/contacts/changes" + ((since != null) ? "?since=" + since : "")))
					.header("Cookie", session.cookie)
					.header("Accept", "application/json")
					.GET()
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		JsonNode body = JSON.readTree(answer.body());
		List<Long> ids = new ArrayList<>();
		for (JsonNode item : body.get("items")) {
			assertThat(item.path("deleted").asBoolean(false)).isFalse();
			ids.add(item.get("id").asLong());
		}
		return new Window(ids, body.get("cursor").asString());
	}

	private long create(int port) throws IOException, InterruptedException {
		int n = counter.incrementAndGet();
		String number = String.format(Locale.ROOT, "0812%05d%03d", RUN, n);
		HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri(port, "/api/contacts"))
			.header("Cookie", session.cookie)
			.header("X-CSRF-TOKEN", session.csrf)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"name\": \"Feed Nodes " + n + "\", \"phones\": [{\"number\": \"" + number + "\"}]}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return JSON.readTree(created.body()).get("id").asLong();
	}

	private Session signIn(int port) throws IOException, InterruptedException {
		HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri(port, "/login")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		Matcher csrf = CSRF.matcher(login.body());
		assertThat(csrf.find()).isTrue();
		HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(uri(port, "/login"))
			.header("Cookie", cookie(login))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("username=" + USERNAME + "&password=" + PASSWORD + "&_csrf=" + csrf.group(1)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signedIn.statusCode()).isEqualTo(302);
		String cookie = cookie(signedIn);
		HttpResponse<String> page = http.send(
				HttpRequest.newBuilder(uri(port, "/contacts")).header("Cookie", cookie).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		Matcher meta = CSRF_META.matcher(page.body());
		assertThat(meta.find()).isTrue();
		return new Session(cookie, meta.group(1));
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

	private static URI uri(int port, String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	private static int port(ConfigurableApplicationContext node) {
		return ((WebServerApplicationContext) node).getWebServer().getPort();
	}

	private static ConfigurableApplicationContext node(String nodeId) {
		MySqlDatabase.Connection db = MySqlDatabase.get().orElseThrow();
		return new SpringApplicationBuilder(CrmApplication.class).profiles("test")
			.run("--server.port=0", "--spring.datasource.url=" + db.url(),
					"--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
					"--crm.sync.node-id=" + nodeId);
	}

	private record Session(String cookie, String csrf) {
	}

	private record Window(List<Long> ids, String cursor) {
	}

}
