package com.whiskeysocket.crm.web;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import com.whiskeysocket.crm.testsupport.GraphStandIn;

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
 * A first sync of a big mailbox from the page, in real headless Chromium, with a Graph
 * stand-in that answers each page of 1,000 contacts after 100 ms: the click starts a
 * background run (the POST answers 202 at once), the panel shows contacts read as they
 * grow, a reload finds the run still going and follows it, and it completes. The size is
 * {@code -Dbrowser.sync.n}: 30,000 in CI; the 100,000 case is run by hand
 * (docs/deploy.md).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OutlookBackgroundSyncBrowserIntegrationTests {

	private static final int N = Integer.parseInt(System.getProperty("browser.sync.n", "30000"));

	private static final int PORT = freePort();

	private static final WireMockServer MICROSOFT = new WireMockServer(options().dynamicPort().globalTemplating(true));

	private static final GraphStandIn GRAPH = startGraph();

	private static final Pattern READ = Pattern.compile("Syncing… ([0-9]+) contacts read");

	static {
		MICROSOFT.start();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("crm.outlook.client-id", () -> "00000000-0000-0000-0000-0000000b4053");
		registry.add("crm.outlook.client-secret", () -> "fake-client-secret");
		registry.add("crm.outlook.authority-host", MICROSOFT::baseUrl);
		registry.add("crm.outlook.graph-base-url", GRAPH::baseUrl);
		registry.add("crm.outlook.redirect-uri", () -> "http://localhost:" + PORT + "/auth/microsoft/callback");
	}

	@Autowired
	private JdbcTemplate jdbc;

	private ChromeDriver browser;

	@BeforeEach
	void startBrowser() throws IOException {
		Assumptions.assumeTrue(Browser.available(), "Debian chromium and chromium-driver are not installed");
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		stubMicrosoft();
		GRAPH.setPageDelay(Duration.ofMillis(100));
		browser = Browser.start();
	}

	@AfterEach
	void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@AfterAll
	static void stopServers() {
		MICROSOFT.stop();
		GRAPH.stop();
	}

	@Test
	void aBigFirstSyncRunsInTheBackgroundShowsLiveProgressSurvivesAReloadAndCompletes() throws IOException {
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		browser.get("http://localhost:" + PORT + "/contacts");
		browser.findElement(By.id("username")).sendKeys("admin");
		browser.findElement(By.id("password")).sendKeys("admin-password-for-tests");
		browser.findElement(By.cssSelector("form button[type=submit]")).click();
		wait.until(ExpectedConditions.elementToBeClickable(By.id("outlook-connect"))).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("outlook-state"), "Connected to Outlook"));
		long started = System.nanoTime();

		browser.findElement(By.id("outlook-sync")).click();

		int first = waitForContactsRead(wait, 1);
		assertThat(first).isLessThan(N);
		int later = waitForContactsRead(wait, first + 1);
		assertThat(later).isGreaterThan(first);
		Browser.screenshot(browser, "outlook-background-sync-progress");

		// a reload finds the run going (on whichever node) and follows it
		browser.navigate().refresh();
		int afterReload = waitForContactsRead(wait, later);
		assertThat(afterReload).isLessThanOrEqualTo(N);
		assertThat(browser.findElement(By.id("outlook-sync")).isEnabled()).isFalse();

		int expectedNew = N - countWithoutPhone();
		new WebDriverWait(browser, Duration.ofMinutes(10)).until(ExpectedConditions
			.textToBePresentInElementLocated(By.id("outlook-sync-status"), String.format("%d new", expectedNew)));
		long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
		assertThat(browser.findElement(By.id("outlook-sync-status")).getText())
			.isEqualTo(expectedNew + " new, 0 updated, 0 merged, " + (N - expectedNew) + " skipped (no phone)");
		assertThat(browser.findElement(By.id("outlook-sync")).isEnabled()).isTrue();
		Map<String, Object> run = jdbc.queryForMap("SELECT status, trigger_type, added, total FROM sync_runs");
		assertThat(run).containsEntry("status", "succeeded")
			.containsEntry("trigger_type", "manual")
			.containsEntry("added", expectedNew)
			.containsEntry("total", N);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isEqualTo(expectedNew);
		Browser.screenshot(browser, "outlook-background-sync-done");
		System.out.printf("Browser background sync: %,d contacts, 100 ms per Graph page, %d s from click to counts%n",
				N, seconds);
	}

	/** Waits until the panel shows at least {@code atLeast} contacts read. */
	private int waitForContactsRead(WebDriverWait wait, int atLeast) {
		int[] read = { -1 };
		wait.until((driver) -> {
			Matcher matcher = READ.matcher(driver.findElement(By.id("outlook-sync-status")).getText());
			if (matcher.find() && Integer.parseInt(matcher.group(1)) >= atLeast) {
				read[0] = Integer.parseInt(matcher.group(1));
				return true;
			}
			return false;
		});
		return read[0];
	}

	private static int countWithoutPhone() {
		int none = 0;
		for (int i = 0; i < N; i++) {
			none += (GraphStandIn.phoneOf(i) == null) ? 1 : 0;
		}
		return none;
	}

	private void stubMicrosoft() {
		MICROSOFT.resetAll();
		MICROSOFT.stubFor(get(urlPathEqualTo("/common/oauth2/v2.0/authorize")).willReturn(aResponse().withStatus(302)
			.withHeader("Location",
					"{{request.query.redirect_uri}}?code=fake-browser-code&state={{urlEncode request.query.state}}")));
		MICROSOFT.stubFor(post(urlPathEqualTo("/common/oauth2/v2.0/token"))
			.willReturn(okJson("{\"token_type\":\"Bearer\",\"scope\":\"" + GRAPH.baseUrl()
					+ "/Contacts.Read\",\"expires_in\":3600,\"access_token\":\"fake-browser-access-token\","
					+ "\"refresh_token\":\"fake-browser-refresh-token\"}")));
	}

	private static GraphStandIn startGraph() {
		try {
			return new GraphStandIn(N, 1000);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
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
