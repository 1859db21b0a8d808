package com.whiskeysocket.crm.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.whiskeysocket.crm.testsupport.MySqlDatabase;
import com.whiskeysocket.crm.testsupport.RawHttp;
import com.whiskeysocket.crm.testsupport.RawHttp.Response;
import com.whiskeysocket.crm.testsupport.RequiresMySqlDatabase;
import com.whiskeysocket.crm.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The database goes away and comes back, for real: the application reaches MariaDB
 * through a TCP proxy that the test cuts (every connection closed, new ones refused) and
 * restores. Pages, sign-in and the API answer 503 within seconds, health says DOWN, and
 * everything works again once the database is back, without a restart.
 */
@ExtendWith(RequiresMySqlDatabase.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DatabaseOutageMySqlIntegrationTests {

	private static final Pattern URL = Pattern.compile("(jdbc:[a-z]+://)([^:/?]+)(?::(\\d+))?(/.*)");

	/** The pool waits 3 s for a connection; anything near 30 s is the old hang. */
	private static final Duration QUICKLY = Duration.ofSeconds(10);

	private static TcpProxy proxy;

	@LocalServerPort
	private int port;

	@Autowired
	private List<AuthenticationProvider> signIn;

	@DynamicPropertySource
	static void throughTheProxy(DynamicPropertyRegistry registry) throws IOException {
		MySqlDatabase.Connection db = MySqlDatabase.get().orElseThrow();
		Matcher url = URL.matcher(db.url());
		assertThat(url.matches()).as(db.url()).isTrue();
		proxy = new TcpProxy(url.group(2), (url.group(3) != null) ? Integer.parseInt(url.group(3)) : 3306);
		String proxied = url.group(1) + "127.0.0.1:" + proxy.port() + url.group(4);
		registry.add("spring.datasource.url", () -> proxied);
		registry.add("spring.datasource.username", db::username);
		registry.add("spring.datasource.password", db::password);
	}

	@AfterAll
	static void closeProxy() throws IOException {
		if (proxy != null) {
			proxy.close();
		}
	}

	@Test
	void anOutageAnswers503WithinSecondsAndTheApplicationRecoversByItself() throws Exception {
		Response loginPage = get("/login", null);
		String token = loginPage.csrfToken();
		Response signedIn = post("/login", loginPage.sessionCookie(),
				"username=admin&password=admin-password-for-tests&_csrf=" + encode(token));
		assertThat(signedIn.header("Location")).endsWith("/contacts");
		String session = signedIn.sessionCookie();
		Response contacts = get("/contacts", session);
		assertThat(contacts.status()).isEqualTo(200);
		String pageToken = contacts.body().replaceAll("(?s).*<meta name=\"_csrf\" content=\"([^\"]+)\".*", "$1");
		assertThat(get("/actuator/health", null).status()).isEqualTo(200);

		proxy.cut();

		Response page = timed(() -> get("/contacts", session));
		assertThat(page.status()).isEqualTo(503);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.body()).contains("The database is not reachable; try again shortly.");
		assertThat(page.header("Retry-After")).isEqualTo("5");

		Response indonesian = timed(() -> send("GET", "/contacts/1", session, null, "Accept-Language: id"));
		assertThat(indonesian.status()).isEqualTo(503);
		assertThat(indonesian.body()).contains("Database tidak dapat dijangkau; coba lagi sebentar lagi.");

		Response api = timed(() -> get("/api/outlook/sync-status", session));
		assertThat(api.status()).isEqualTo(503);
		assertThat(api.header("Content-Type")).startsWith("application/json");
		assertThat(api.body()).contains("\"error\":\"database_unavailable\"");

		// signing in with the right password: not "wrong username or password"
		Response again = timed(() -> post("/login", session,
				"username=admin&password=admin-password-for-tests&_csrf=" + encode(pageToken)));
		assertThat(again.status()).isEqualTo(503);
		assertThat(again.header("Location")).isNull();
		assertThat(again.body()).contains("The database is not reachable");
		// the sign-in itself (throttle and account
		// lookup) says the same, never a bad password
		long started = System.nanoTime();
		Throwable thrown = catchThrowable(() -> signIn.get(0)
			.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("admin", "admin-password-for-tests")));
		assertThat(thrown).isNotNull()
			.isNotInstanceOf(AuthenticationException.class)
			.matches(DatabaseUnreachable::isOutage, "a database outage");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(QUICKLY);

		Response health = timed(() -> get("/actuator/health", null));
		assertThat(health.status()).isEqualTo(503);
		assertThat(health.body()).contains("DOWN");

		// a first visit without a session needs no database to show the sign-in page
		assertThat(timed(() -> get("/login", null)).status()).isIn(200, 503);

		proxy.restore();

		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		Response back = get("/contacts", session);
		while (back.status() != 200 && System.nanoTime() < deadline) {
			Thread.sleep(250);
			back = get("/contacts", session);
		}
		assertThat(back.status()).as("the same session works again once the database is back").isEqualTo(200);
		assertThat(get("/actuator/health", null).status()).isEqualTo(200);
		assertThat(get("/api/outlook/sync-status", session).status()).isEqualTo(200);
	}

	private Response timed(Exchange exchange) throws Exception {
		long started = System.nanoTime();
		Response response = exchange.send();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered within a few seconds")
			.isLessThan(QUICKLY);
		return response;
	}

	private Response get(String path, String session) throws IOException {
		return send("GET", path, session, null);
	}

	private Response post(String path, String session, String body) throws IOException {
		return send("POST", path, session, body);
	}

	private Response send(String method, String path, String session, String body, String... extraHeaders)
			throws IOException {
		List<String> headers = new ArrayList<>(List.of(extraHeaders));
		if (session != null) {
			headers.add("Cookie: " + session);
		}
		return RawHttp.send(port, method, path, headers, body);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@FunctionalInterface
	private interface Exchange {

		Response send() throws Exception;

	}

}
