package com.whiskeysocket.crm.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.whiskeysocket.crm.testsupport.RawHttp;
import com.whiskeysocket.crm.testsupport.RawHttp.Response;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a TLS-terminating proxy on loopback (trusted by default), with an https
 * {@code BASE_URL}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "crm.base-url=https://crm.example.test")
class ProxyAndTlsIntegrationTests {

	private static final List<String> VIA_PROXY = List.of("Host: crm.example.test", "X-Forwarded-Proto: https",
			"X-Forwarded-Host: crm.example.test", "X-Forwarded-Port: 443");

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void plainHttpIsRedirectedToTheConfiguredHttpsAddressWhateverTheHostHeaderSays() throws Exception {
		Response response = RawHttp.send(port, "GET", "/contacts?q=budi", List.of("Host: evil.example"), null);
		assertThat(response.status()).isEqualTo(308);
		assertThat(response.header("Location")).isEqualTo("https://crm.example.test/contacts?q=budi");
	}

	@Test
	void theHealthEndpointAnswersOverPlainHttpForLoadBalancers() throws Exception {
		assertThat(RawHttp.send(port, "GET", "/actuator/health", List.of(), null).status()).isEqualTo(200);
	}

	@Test
	void overHttpsThroughTheProxyTheSessionCookieIsSecureAndHstsIsSent() throws Exception {
		Response login = RawHttp.send(port, "GET", "/login", VIA_PROXY, null);
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.headers().get("set-cookie")).anySatisfy((cookie) -> assertThat(cookie).contains("Secure"));
		assertThat(login.header("Strict-Transport-Security")).contains("max-age=");
	}

	@Test
	void redirectsStayOnHttpsAndNeverTakeTheHostFromAnUntrustedHeader() throws Exception {
		Response response = RawHttp.send(port, "GET", "/contacts",
				List.of("Host: evil.example", "X-Forwarded-Proto: https", "X-Forwarded-Host: crm.example.test"), null);
		assertThat(response.status()).isEqualTo(302);
		assertThat(response.header("Location")).isIn("/login", "https://crm.example.test/login");
	}

	@Test
	void theClientAddressIsTheLastHopBeforeTheTrustedProxies() throws Exception {
		Response page = RawHttp.send(port, "GET", "/login", VIA_PROXY, null);
		String body = "username=proxied&password=wrong-password&_csrf="
				+ URLEncoder.encode(page.csrfToken(), StandardCharsets.UTF_8);
		List<String> headers = new java.util.ArrayList<>(VIA_PROXY);
		headers.add("Cookie: " + page.sessionCookie());
		// the client typed the first address; the proxy appended the one it saw
		headers.add("X-Forwarded-For: 198.51.100.200, 203.0.113.50");
		Response failed = RawHttp.send(port, "POST", "/login", headers, body);
		assertThat(failed.status()).isEqualTo(302);
		assertThat(jdbc.queryForList("SELECT address FROM audit_events WHERE actor = 'proxied'", String.class))
			.containsExactly("203.0.113.50");
	}

}
