package com.whiskeysocket.crm.apitokens;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.whiskeysocket.crm.testsupport.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token pages in real headless Chromium: from the menu, a token created and shown
 * once, used by a script, revoked with a click; no sideways scrolling on a phone or a
 * laptop.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiTokensBrowserIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	private ChromeDriver browser;

	private WebDriverWait wait;

	@BeforeEach
	void startBrowser() throws IOException {
		Assumptions.assumeTrue(Browser.available(), "Debian chromium and chromium-driver are not installed");
		jdbc.update("DELETE FROM api_tokens");
		browser = Browser.start();
		wait = new WebDriverWait(browser, Duration.ofSeconds(20));
	}

	@AfterEach
	void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
		jdbc.update("DELETE FROM sign_in_throttle");
	}

	@Test
	void createUseAndRevokeATokenOnAPhoneAndALaptop() throws Exception {
		List<String> overflowing = new ArrayList<>();
		for (int[] size : new int[][] { { 390, 844 }, { 1366, 900 } }) {
			Browser.viewport(browser, size[0], size[1], size[0] < 500);
			browser.manage().deleteAllCookies();
			browser.get(url("/login"));
			signIn();
			if (size[0] < 500) {
				click(By.cssSelector(".navbar-toggler"));
				wait.until(ExpectedConditions.elementToBeClickable(By.id("nav-tokens")));
			}
			click(By.id("nav-tokens"));
			wait.until(ExpectedConditions.urlContains("/account/tokens"));
			check("tokens-empty-" + size[0], overflowing);

			browser.findElement(By.id("name")).sendKeys("Laporan harian dari server kantor pusat " + size[0]);
			new Select(browser.findElement(By.id("expiry"))).selectByValue("DAYS_30");
			click(By.cssSelector("main form.stack button[type=submit]"));
			String token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token"))).getText();
			assertThat(token).matches("wsc_[A-Za-z0-9_-]{43}");
			check("tokens-created-" + size[0], overflowing);

			assertThat(status("/api/outlook/sync-status", token)).isEqualTo(200);

			// reloading the list never shows it again
			browser.get(url("/account/tokens"));
			assertThat(browser.getPageSource()).doesNotContain(token);
			click(By.cssSelector("table.tokens tbody tr:first-child button[type=submit]"));
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".flash.success")));
			assertThat(status("/api/outlook/sync-status", token)).isEqualTo(401);
			check("tokens-revoked-" + size[0], overflowing);

			browser.get(url("/staff/tokens"));
			check("tokens-all-" + size[0], overflowing);
		}
		assertThat(overflowing).as("pages wider than the viewport").isEmpty();
	}

	private int status(String path, String token) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url(path)))
			.header("Authorization", "Bearer " + token)
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private void check(String name, List<String> overflowing) throws IOException {
		Browser.fullPageScreenshot(browser, name);
		if (Browser.scrollsSideways(browser)) {
			overflowing.add(name);
		}
	}

	private void click(By locator) {
		Browser.click(browser, locator);
	}

	private void signIn() {
		Browser.signIn(browser, wait, "admin", "admin-password-for-tests");
	}

	private String url(String path) {
		return "http://localhost:" + port + path;
	}

}
