package com.whiskeysocket.crm.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * Requests from an address that is not a trusted proxy: forwarded headers count for
 * nothing.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "crm.trusted-proxies=10.0.0.0/8")
class UntrustedProxyIntegrationTests {

	private static final List<String> FORGED = List.of("X-Forwarded-Proto: https", "X-Forwarded-Host: evil.example",
			"X-Forwarded-For: 203.0.113.99", "Forwarded: for=203.0.113.98;proto=https;host=evil.example");

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void forgedForwardedHeadersChangeNeitherTheSchemeNorTheHost() throws Exception {
		Response login = RawHttp.send(port, "GET", "/login", FORGED, null);
		assertThat(login.header("Strict-Transport-Security")).isNull();
		assertThat(login.headers().get("set-cookie")).noneSatisfy((cookie) -> assertThat(cookie).contains("Secure"));

		Response redirect = RawHttp.send(port, "GET", "/contacts", concat(FORGED, "Host: evil.example"), null);
		assertThat(redirect.status()).isEqualTo(302);
		assertThat(redirect.header("Location")).doesNotContain("evil").doesNotStartWith("https");
	}

	@Test
	void aForgedClientAddressIsIgnored() throws Exception {
		Response page = RawHttp.send(port, "GET", "/login", List.of(), null);
		String body = "username=forger&password=wrong-password&_csrf="
				+ URLEncoder.encode(page.csrfToken(), StandardCharsets.UTF_8);
		RawHttp.send(port, "POST", "/login", concat(FORGED, "Cookie: " + page.sessionCookie()), body);
		assertThat(jdbc.queryForList("SELECT address FROM audit_events WHERE actor = 'forger'", String.class))
			.containsExactly("127.0.0.1");
	}

	private static List<String> concat(List<String> headers, String header) {
		List<String> all = new ArrayList<>(headers);
		all.add(header);
		return all;
	}

}
