package com.whiskeysocket.crm.google;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
import org.springframework.boot.test.web.server.LocalServerPort;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-back switch in headless Chromium at a phone's 390×844 and a laptop's
 * 1366×900, against {@link PeopleStandIn}: turned on from the sync panel, the panel says
 * what it saved and the contact page where; nothing scrolls sideways. (The consent round
 * trip itself is covered through MockMvc in {@link GoogleWriteBackIntegrationTests}.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = { "crm.write-back.tick=50ms", "crm.write-back.coalesce=200ms",
		"crm.google.write-round-interval=50ms" })
class GoogleWriteBackBrowserIntegrationTests {

	private static final PeopleStandIn GOOGLE = GoogleWriteBackIntegrationTests.GOOGLE;

	@DynamicPropertySource
	static void google(DynamicPropertyRegistry registry) {
		GoogleWriteBackIntegrationTests.google(registry);
	}

	@LocalServerPort
	private int port;

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
		Instant expiresAt = Instant.now().plusSeconds(3600);
		clients.saveAuthorizedClient(
				new OAuth2AuthorizedClient(registrations.findByRegistrationId("google"), "admin",
						new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "fake-google-access-1",
								expiresAt.minusSeconds(60), expiresAt,
								Set.of("https://www.googleapis.com/auth/contacts.readonly",
										"https://www.googleapis.com/auth/contacts")),
						new OAuth2RefreshToken("fake-google-refresh-1", null)),
				UsernamePasswordAuthenticationToken.authenticated("admin", null, new ArrayList<>()));
		browser = Browser.start();
		wait = new WebDriverWait(browser, Duration.ofSeconds(20));
	}

	@AfterEach
	void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void turnedOnFromThePanelAtBothWidthsThePanelAndTheContactPageSaySaved() throws IOException {
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
			wait.until((driver) -> {
				driver.get(url("/contacts"));
				return driver.getPageSource().contains("last saved");
			});
			openPanel();
			assertThat(browser.findElement(By.id("google-write-back-status")).getText())
				.startsWith("Saving to Google: 0 waiting · last saved");
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

	/** On a phone the panel may be folded into one line; open it. */
	private void openPanel() {
		browser.executeScript("var p = document.getElementById('sync-panel'); if (p) { p.open = true; "
				+ "p.classList.remove('folded'); }");
	}

	private String url(String path) {
		return "http://localhost:" + port + path;
	}

}
