package com.whiskeysocket.crm.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.whiskeysocket.crm.testsupport.Browser;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path a staff member clicks, in real headless Chromium: sign in, Connect
 * Outlook (WireMock plays Microsoft's authorize redirect and token endpoint), Sync
 * Outlook, and the counts and new contacts on the page; the same for Google.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OutlookBrowserIntegrationTests {

	private static final int PORT = freePort();

	private static final WireMockServer MICROSOFT = new WireMockServer(options().dynamicPort().globalTemplating(true));

	static {
		MICROSOFT.start();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("crm.outlook.client-id", () -> "00000000-0000-0000-0000-0000000b4053");
		registry.add("crm.outlook.client-secret", () -> "fake-client-secret");
		registry.add("crm.outlook.authority-host", MICROSOFT::baseUrl);
		registry.add("crm.outlook.graph-base-url", MICROSOFT::baseUrl);
		registry.add("crm.outlook.redirect-uri", () -> "http://localhost:" + PORT + "/auth/microsoft/callback");
		// the same stand-in plays Google
		registry.add("crm.google.client-id", () -> "000000000000-fake.apps.googleusercontent.com");
		registry.add("crm.google.client-secret", () -> "fake-google-client-secret");
		registry.add("crm.google.authorization-uri", () -> MICROSOFT.baseUrl() + "/google/auth");
		registry.add("crm.google.token-uri", () -> MICROSOFT.baseUrl() + "/google/token");
		registry.add("crm.google.people-base-url", MICROSOFT::baseUrl);
		registry.add("crm.google.redirect-uri", () -> "http://localhost:" + PORT + "/auth/google/callback");
	}

	@Autowired
	private JdbcTemplate jdbc;

	private ChromeDriver browser;

	@BeforeEach
	void startBrowser() throws IOException {
		Assumptions.assumeTrue(Browser.available(), "Debian chromium and chromium-driver are not installed");
		jdbc.update("DELETE FROM contacts");
		jdbc.update(
				"INSERT INTO contacts (name, phone, source) VALUES ('Rina (WhatsApp)', '6281234567890', 'whatsapp')");
		stubMicrosoft();
		browser = Browser.start();
	}

	@AfterEach
	void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@AfterAll
	static void stopMicrosoft() {
		MICROSOFT.stop();
	}

	@Test
	void staffConnectsOutlookSyncsAndSeesTheCountsAndNewContacts() throws IOException {
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		browser.get("http://localhost:" + PORT + "/contacts");
		browser.findElement(By.id("username")).sendKeys("admin");
		browser.findElement(By.id("password")).sendKeys("admin-password-for-tests");
		browser.findElement(By.cssSelector("form button[type=submit]")).click();

		wait.until(ExpectedConditions.elementToBeClickable(By.id("outlook-connect"))).click();

		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("outlook-state"), "Connected to Outlook"));
		assertThat(browser.getCurrentUrl()).isEqualTo("http://localhost:" + PORT + "/contacts");
		assertThat(browser.findElement(By.cssSelector(".flash.success")).getText())
			.contains("Connected to Outlook. Click Sync Outlook");

		browser.findElement(By.id("outlook-sync")).click();

		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("outlook-sync-status"), "new"));
		assertThat(browser.findElement(By.id("outlook-sync-status")).getText())
			.isEqualTo("2 new, 0 updated, 1 merged, 1 skipped (no phone)");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("contacts-results"), "Budi Santoso"));
		String table = browser.findElement(By.id("contacts-results")).getText();
		assertThat(table).contains("Budi Santoso", "+62 811-2222-3333", "Sari <Dewi>", "Rina Kusuma")
			.doesNotContain("Rina (WhatsApp)");
		assertThat(browser.findElement(By.id("outlook-sync")).isEnabled()).isTrue();
		assertThat(browser.findElement(By.id("outlook-error")).isDisplayed()).isFalse();
		Browser.screenshot(browser, "contacts-after-outlook-sync");
	}

	@Test
	void staffConnectsGoogleSyncsAndSeesTheCountsAndWhichSourcesKnowEachContact() throws IOException {
		stubGoogle();
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		browser.get("http://localhost:" + PORT + "/contacts");
		browser.findElement(By.id("username")).sendKeys("admin");
		browser.findElement(By.id("password")).sendKeys("admin-password-for-tests");
		browser.findElement(By.cssSelector("form button[type=submit]")).click();

		wait.until(ExpectedConditions.elementToBeClickable(By.id("google-connect"))).click();

		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("google-state"),
				"Connected to Google (sari@example.test)"));
		assertThat(browser.findElement(By.cssSelector(".flash.success")).getText())
			.contains("Connected to Google. Click Sync Google");

		browser.findElement(By.id("google-sync")).click();

		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("google-sync-status"), "new"));
		assertThat(browser.findElement(By.id("google-sync-status")).getText())
			.isEqualTo("1 new, 0 updated, 1 merged, 0 skipped (no phone)");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("contacts-results"), "Dewi Lestari"));
		String rina = browser.findElement(By.cssSelector("tr[data-phone='6281234567890']")).getText();
		assertThat(rina).contains("Rina Kusuma", "WhatsApp", "Google");
		new Select(browser.findElement(By.id("source"))).selectByValue("google");
		browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
		wait.until(ExpectedConditions.urlContains("source=google"));
		assertThat(browser.findElement(By.id("contacts-results")).getText()).contains("Rina Kusuma", "Dewi Lestari");
		Browser.screenshot(browser, "contacts-after-google-sync");
	}

	private void stubGoogle() {
		// Google's consent, answered at once with a code for the state the app sent
		MICROSOFT.stubFor(get(urlPathEqualTo("/google/auth")).willReturn(aResponse().withStatus(302)
			.withHeader("Location",
					"{{request.query.redirect_uri}}?code=fake-google-code&state={{urlEncode request.query.state}}")));
		MICROSOFT.stubFor(post(urlPathEqualTo("/google/token")).willReturn(
				okJson("{\"token_type\":\"Bearer\",\"scope\":\"https://www.googleapis.com/auth/contacts.readonly"
						+ "\",\"expires_in\":3599,\"access_token\":\"fake-google-access-token\","
						+ "\"refresh_token\":\"fake-google-refresh-token\"}")));
		MICROSOFT.stubFor(get(urlPathEqualTo("/v1/people/me")).willReturn(
				okJson("{\"emailAddresses\":[{\"metadata\":{\"primary\":true},\"value\":\"sari@example.test\"}]}")));
		MICROSOFT.stubFor(get(urlPathEqualTo("/v1/people/me/connections")).willReturn(okJson("""
				{"nextSyncToken":"fake-sync-token","connections":[
				 {"resourceName":"people/c1","names":[{"metadata":{"primary":true},"displayName":"Rina Kusuma"}],
				  "phoneNumbers":[{"value":"0812-3456-7890","canonicalForm":"+6281234567890","type":"mobile"}]},
				 {"resourceName":"people/c2","names":[{"displayName":"Dewi Lestari"}],
				  "phoneNumbers":[{"value":"0813 5555 6666","type":"work"}]}
				]}""")));
	}

	private void stubMicrosoft() {
		MICROSOFT.resetAll();
		// Microsoft's sign-in and consent, answered at
		// once with a code for the state the app sent
		MICROSOFT.stubFor(get(urlPathEqualTo("/common/oauth2/v2.0/authorize")).willReturn(aResponse().withStatus(302)
			.withHeader("Location",
					"{{request.query.redirect_uri}}?code=fake-browser-code&state={{urlEncode request.query.state}}")));
		MICROSOFT.stubFor(post(urlPathEqualTo("/common/oauth2/v2.0/token"))
			.willReturn(okJson("{\"token_type\":\"Bearer\",\"scope\":\"" + MICROSOFT.baseUrl()
					+ "/Contacts.Read\",\"expires_in\":3600,\"access_token\":\"fake-browser-access-token\","
					+ "\"refresh_token\":\"fake-browser-refresh-token\"}")));
		MICROSOFT.stubFor(get(urlPathEqualTo("/v1.0/me/contactFolders")).willReturn(okJson("{\"value\":[]}")));
		// the probe that reveals the default folder's
		// id, then the first round of its delta query
		MICROSOFT.stubFor(get(urlPathEqualTo("/v1.0/me/contacts"))
			.willReturn(okJson("{\"value\":[{\"id\":\"AAMk-b1\",\"parentFolderId\":\"fake-default\"}]}")));
		MICROSOFT.stubFor(get(urlPathEqualTo("/v1.0/me/contactFolders/fake-default/contacts/delta")).willReturn(
				okJson("""
						{"@odata.deltaLink":"%s/v1.0/delta/fake-default?$deltatoken=fake-token","value":[
						 {"id":"AAMk-b1","parentFolderId":"fake-default","displayName":"Budi Santoso","mobilePhone":null,"businessPhones":["+62 811 2222 3333"],"homePhones":[]},
						 {"id":"AAMk-b2","parentFolderId":"fake-default","displayName":"Sari <Dewi>","mobilePhone":"0813-1111-2222","businessPhones":[],"homePhones":[]},
						 {"id":"AAMk-b3","parentFolderId":"fake-default","displayName":"Rina Kusuma","mobilePhone":"0812-3456-7890","businessPhones":[],"homePhones":[]},
						 {"id":"AAMk-b4","parentFolderId":"fake-default","displayName":"No Number","mobilePhone":null,"businessPhones":[],"homePhones":[]}
						]}"""
					.formatted(MICROSOFT.baseUrl()))));
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
