package com.whiskeysocket.crm.google;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.whiskeysocket.crm.testsupport.Browser;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-back switch in headless Chromium at a phone's 390×844 and a laptop's
 * 1366×900, against {@link PeopleStandIn} for the People API and
 * {@link GoogleOAuthStandIn} for Google's OAuth endpoints: turned on from the sync panel,
 * by a staff member whose connection lacks the write scope through the whole consent
 * round trip (the app's {@code /auth/google?access=write}, Google's authorization
 * endpoint, back with a code, the code exchanged for a token with the contacts scope);
 * the panel says what it saved and the contact page where; nothing scrolls sideways.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@TestPropertySource(properties = { "crm.write-back.tick=50ms", "crm.write-back.coalesce=200ms",
		"crm.google.write-round-interval=50ms" })
class GoogleWriteBackBrowserIntegrationTests {

	private static final PeopleStandIn GOOGLE = GoogleWriteBackIntegrationTests.GOOGLE;

	private static final GoogleOAuthStandIn OAUTH = new GoogleOAuthStandIn();

	private static final WireMockServer OAUTH_SERVER = new WireMockServer(options().dynamicPort().extensions(OAUTH));

	/** Google sends the browser back to the app: the redirect URI names the port. */
	private static final int PORT = freePort();

	private static final String[] READ_SCOPES = { "https://www.googleapis.com/auth/contacts.readonly", "email",
			"profile" };

	static {
		OAUTH_SERVER.start();
		OAUTH_SERVER
			.stubFor(any(urlPathMatching("/.*")).willReturn(aResponse().withTransformers(GoogleOAuthStandIn.NAME)));
	}

	@DynamicPropertySource
	static void google(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("crm.google.client-id", () -> GoogleStub.CLIENT_ID);
		registry.add("crm.google.client-secret", () -> GoogleStub.CLIENT_SECRET);
		registry.add("crm.google.authorization-uri", () -> OAUTH_SERVER.baseUrl() + GoogleOAuthStandIn.AUTHORIZE_PATH);
		registry.add("crm.google.token-uri", () -> OAUTH_SERVER.baseUrl() + GoogleOAuthStandIn.TOKEN_PATH);
		registry.add("crm.google.people-base-url", GoogleWriteBackIntegrationTests.SERVER::baseUrl);
		registry.add("crm.google.backoff", () -> "10ms");
		registry.add("crm.google.max-wait", () -> "5s");
	}

	@AfterAll
	static void stopOAuth() {
		OAUTH_SERVER.stop();
	}

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private OAuth2AuthorizedClientService clients;

	@Autowired
	private ClientRegistrationRepository registrations;

	private ChromeDriver browser;

	private WebDriverWait wait;

	private long rina;

	@BeforeEach
	void seedAndStartBrowser() throws IOException {
		Assumptions.assumeTrue(Browser.available(), "Debian chromium and chromium-driver are not installed");
		clean();
		browser = Browser.start();
		wait = new WebDriverWait(browser, Duration.ofSeconds(20));
	}

	/** No write-back, no connection, nothing in Google, Rina owned by the admin. */
	private void clean() {
		for (String table : List.of("write_back_outbox", "write_back_copies", "write_back_settings", "contact_phones",
				"contacts", "oauth_connections")) {
			jdbc.update("DELETE FROM " + table);
		}
		GOOGLE.reset();
		long admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		jdbc.update("INSERT INTO contacts (name, phone, owner_id) VALUES ('Rina Wijaya', '6281234567890', ?)", admin);
		rina = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = '6281234567890'", Long.class);
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
				+ "VALUES ('6281234567890', ?, 'mobile', TRUE, CURRENT_TIMESTAMP(6))", rina);
	}

	/** The admin's Google connection, as a consent made before stored it. */
	private void connect(String accessToken, Set<String> scopes) {
		// issued a minute ago: the app keeps the newer of two tokens, and the consent's
		// must win
		Instant issuedAt = Instant.now().minusSeconds(60);
		clients.saveAuthorizedClient(
				new OAuth2AuthorizedClient(registrations.findByRegistrationId("google"), "admin",
						new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessToken, issuedAt,
								issuedAt.plusSeconds(3600), scopes),
						new OAuth2RefreshToken(accessToken + "-refresh", null)),
				UsernamePasswordAuthenticationToken.authenticated("admin", null, new ArrayList<>()));
	}

	@AfterEach
	void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void turnedOnFromThePanelAtBothWidthsThePanelAndTheContactPageSaySaved() throws IOException {
		connect("fake-google-access-both-scopes",
				Set.of("https://www.googleapis.com/auth/contacts.readonly", GoogleProperties.WRITE_SCOPE));
		browser.get(url("/contacts"));
		Browser.signIn(browser, wait, "admin", "admin-password-for-tests");
		for (int[] size : new int[][] { { 390, 844 }, { 1366, 900 } }) {
			Browser.viewport(browser, size[0], size[1], size[0] < 500);
			browser.get(url("/contacts"));
			openPanel();
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("google-write-back-toggle")));
			if (browser.findElement(By.id("google-write-back-toggle")).getText().startsWith("Save")) {
				Browser.click(browser, By.id("google-write-back-toggle"));
				wait.until(ExpectedConditions.urlContains("/contacts"));
			}
			awaitSavedOnThePanel();
			assertThat(Browser.scrollsSideways(browser)).as("contacts at %d px", size[0]).isFalse();
			Browser.screenshot(browser, "write-back-panel-" + size[0]);

			browser.get(url("/contacts/" + rina));
			assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("saved-in"))).getText())
				.contains("Google Contacts · saved");
			assertThat(Browser.scrollsSideways(browser)).as("contact page at %d px", size[0]).isFalse();
			Browser.screenshot(browser, "write-back-contact-" + size[0]);
		}
		assertThat(GOOGLE.creates.get()).isOne();
	}

	@Test
	void withoutTheWriteScopeTheSwitchGoesThroughGooglesConsentAndComesBackSaving() throws IOException {
		browser.get(url("/contacts"));
		Browser.signIn(browser, wait, "admin", "admin-password-for-tests");
		for (int[] size : new int[][] { { 390, 844 }, { 1366, 900 } }) {
			clean();
			OAUTH.reset(READ_SCOPES);
			GoogleWriteBackIntegrationTests.SERVER.resetRequests();
			connect("fake-google-read-only-access", Set.of(READ_SCOPES));
			Browser.viewport(browser, size[0], size[1], size[0] < 500);
			browser.get(url("/contacts"));
			openPanel();
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("google-write-back-toggle")));
			assertThat(browser.findElement(By.id("google-write-back-toggle")).getText())
				.isEqualTo("Save CRM contacts to my Google Contacts");

			// the switch → /auth/google?access=write → Google's consent → the callback
			// with a code → the code exchanged → back on the contacts page
			Browser.click(browser, By.id("google-write-back-toggle"));
			wait.until((driver) -> OAUTH.codesExchanged.get() == 1 && driver.getCurrentUrl().endsWith("/contacts"));

			assertThat(OAUTH.authorizations).hasSize(1);
			Map<String, String> asked = OAUTH.authorizations.get(0);
			assertThat(asked.get("scope").split(" ")).contains(GoogleProperties.WRITE_SCOPE);
			assertThat(asked).containsEntry("include_granted_scopes", "true")
				.containsEntry("access_type", "offline")
				.containsEntry("redirect_uri", url("/auth/google/callback"));
			assertThat(OAUTH.accessTokens).hasSize(1);
			String token = OAUTH.accessTokens.keySet().iterator().next();
			assertThat(OAUTH.accessTokens.get(token)).contains(GoogleProperties.WRITE_SCOPE, READ_SCOPES[0]);

			awaitSavedOnThePanel();
			assertThat(browser.findElement(By.id("google-write-back-toggle")).getText())
				.isEqualTo("Stop saving to my Google Contacts");
			assertThat(Browser.scrollsSideways(browser)).as("contacts at %d px", size[0]).isFalse();
			Browser.screenshot(browser, "write-back-consent-panel-" + size[0]);
			// Rina went into Google with the token the consent gave, not the read-only
			// one
			assertThat(GoogleWriteBackIntegrationTests.SERVER
				.findAll(postRequestedFor(urlPathEqualTo("/v1/people:batchCreateContacts")))).isNotEmpty()
				.allSatisfy((request) -> assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + token));
			assertThat(GOOGLE.creates.get()).isOne();

			browser.get(url("/contacts/" + rina));
			assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("saved-in"))).getText())
				.contains("Google Contacts · saved");
			assertThat(Browser.scrollsSideways(browser)).as("contact page at %d px", size[0]).isFalse();
			Browser.screenshot(browser, "write-back-consent-contact-" + size[0]);
		}
	}

	/**
	 * Reloads the Contacts page until the write-back says it saved, then reads it on the
	 * panel: nothing waiting.
	 */
	private void awaitSavedOnThePanel() {
		wait.until((driver) -> {
			driver.get(url("/contacts"));
			return driver.getPageSource().contains("last saved");
		});
		openPanel();
		assertThat(browser.findElement(By.id("google-write-back-status")).getText())
			.startsWith("Saving to Google: 0 waiting · last saved");
	}

	/** On a phone the panel may be folded into one line; open it. */
	private void openPanel() {
		browser.executeScript("var p = document.getElementById('sync-panel'); if (p) { p.open = true; "
				+ "p.classList.remove('folded'); }");
	}

	private String url(String path) {
		return "http://localhost:" + PORT + path;
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
