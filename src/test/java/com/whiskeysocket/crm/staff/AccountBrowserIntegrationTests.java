package com.whiskeysocket.crm.staff;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.whiskeysocket.crm.testsupport.Browser;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounts in real headless Chromium at a phone's 390×844 and a laptop's 1366×900:
 * changing one's password from the menu, coming back to a page and to a form after the
 * session ended (deleted from the session table, as a timeout does), an admin's reset and
 * the forced change after it, the disable confirmation and the 403 page. No page scrolls
 * sideways; screenshots land in target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccountBrowserIntegrationTests {

	private static final int[][] SIZES = { { 390, 844 }, { 1366, 900 } };

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private StaffRepository staff;

	@Autowired
	private PasswordEncoder passwordEncoder;

	private ChromeDriver browser;

	private WebDriverWait wait;

	private final List<String> overflowing = new ArrayList<>();

	@BeforeEach
	void startBrowser() throws IOException {
		Assumptions.assumeTrue(Browser.available(), "Debian chromium and chromium-driver are not installed");
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
	void everyoneChangesTheirPasswordFromTheMenu() throws IOException {
		for (int[] size : SIZES) {
			String suffix = String.valueOf(size[0]);
			String first = "maya-first-password-" + suffix;
			String second = "maya kopi pagi jam tujuh " + suffix;
			account("maya", first);
			Browser.viewport(browser, size[0], size[1], size[0] < 500);
			browser.manage().deleteAllCookies();
			browser.get(url("/contacts"));
			signIn("maya", first);
			openMenu();
			click(By.id("nav-password"));
			wait.until(ExpectedConditions.titleIs("Change password · Whiskeysocket CRM"));
			check("password-change", suffix);

			fill(first, second, second + "!");
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"),
					"The two new passwords differ."));
			check("password-change-errors", suffix);

			fill(first, second, second);
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.success"),
					"Your password has been changed."));
			assertThat(browser.getCurrentUrl()).isEqualTo(url("/contacts"));
			check("password-changed", suffix);
			assertThat(passwordEncoder.matches(second, staff.findByUsername("maya").orElseThrow().getPasswordHash()))
				.isTrue();
		}
		assertThat(overflowing).as("pages wider than the viewport").isEmpty();
	}

	@Test
	void anExpiredSessionReturnsToTheFormSayingItWasNotSavedAndToThePage() throws IOException {
		jdbc.update("DELETE FROM contacts WHERE phone = '6281355550009'");
		jdbc.update("INSERT INTO contacts (name, phone) VALUES ('Nila Sari', '6281355550009')");
		long contact = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = '6281355550009'", Long.class);
		account("rudi", "rudi-own-password-1");
		for (int[] size : SIZES) {
			String suffix = String.valueOf(size[0]);
			Browser.viewport(browser, size[0], size[1], size[0] < 500);
			browser.manage().deleteAllCookies();
			browser.get(url("/contacts/" + contact + "/edit"));
			signIn("rudi", "rudi-own-password-1");
			wait.until(ExpectedConditions.urlToBe(url("/contacts/" + contact + "/edit?continue")));

			endSessionsOf("rudi");
			WebElement name = browser.findElement(By.id("name"));
			name.clear();
			name.sendKeys("Nila Sari Changed");
			name.submit();
			wait.until(ExpectedConditions.urlContains("/login"));
			assertThat(browser.findElement(By.id("session-ended")).getText()).contains("what you sent was not saved");
			check("session-expired-form-login", suffix);

			signIn("rudi", "rudi-own-password-1");
			wait.until(ExpectedConditions.urlToBe(url("/contacts/" + contact + "/edit")));
			assertThat(browser.findElement(By.cssSelector(".flash.error")).getText())
				.isEqualTo("Your session had ended, so what you sent was not saved. Enter it again.");
			assertThat(browser.findElement(By.id("name")).getAttribute("value")).isEqualTo("Nila Sari");
			assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE id = ?", String.class, contact))
				.isEqualTo("Nila Sari");
			check("session-expired-back-at-form", suffix);

			endSessionsOf("rudi");
			browser.get(url("/sync/history"));
			wait.until(ExpectedConditions.urlContains("/login?expired"));
			check("session-expired-page-login", suffix);
			signIn("rudi", "rudi-own-password-1");
			wait.until(ExpectedConditions.titleIs("Sync history · Whiskeysocket CRM"));
			assertThat(browser.getCurrentUrl()).startsWith(url("/sync/history"));
		}
		assertThat(overflowing).as("pages wider than the viewport").isEmpty();
	}

	@Test
	void anAdminResetsAPasswordAndThePersonMustChangeItFirst() throws Exception {
		account("dina", "dina-own-password-1");
		Browser.viewport(browser, 390, 844, true);
		browser.get(url("/staff"));
		signIn("admin", "admin-password-for-tests");
		click(By.id("reset-dina"));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-reset")));
		check("staff-reset-confirm", "390");
		click(By.id("confirm-reset"));
		String oneTime = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("one-time-password")))
			.getText();
		check("staff-reset-one-time-password", "390");

		browser.get(url("/staff"));
		click(By.id("disable-dina"));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-disable")));
		assertThat(browser.findElement(By.tagName("main")).getText()).contains("Disable Dina (dina)?");
		check("staff-disable-confirm", "390");
		assertThat(staff.findByUsername("dina").orElseThrow().isEnabled()).isTrue();

		browser.manage().deleteAllCookies();
		browser.get(url("/contacts"));
		signIn("dina", oneTime);
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("must-change")));
		assertThat(browser.getCurrentUrl()).isEqualTo(url("/account/password"));
		check("password-must-change", "390");
		browser.get(url("/sync/history"));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("must-change")));

		fill(oneTime, "dina chose her own password", "dina chose her own password");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.success"),
				"Your password has been changed."));
		browser.get(url("/sync/history"));
		wait.until(ExpectedConditions.titleIs("Sync history · Whiskeysocket CRM"));

		// a staff member opening an admin page: the 403 page in the layout, HTML whatever
		// the client asks for
		for (int[] size : SIZES) {
			Browser.viewport(browser, size[0], size[1], size[0] < 500);
			browser.get(url("/staff"));
			wait.until(ExpectedConditions.titleIs("Not allowed · Whiskeysocket CRM"));
			assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
			check("forbidden", String.valueOf(size[0]));
		}
		String session = browser.manage().getCookieNamed("SESSION").getValue();
		HttpResponse<String> json = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url("/audit")))
				.header("Cookie", "SESSION=" + session)
				.header("Accept", "application/json")
				.header("Accept-Language", "id")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(json.statusCode()).isEqualTo(403);
		assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
		assertThat(json.body()).contains("Tidak diizinkan").contains("id=\"nav-contacts\"");
		assertThat(overflowing).as("pages wider than the viewport").isEmpty();
	}

	private void fill(String current, String newPassword, String confirm) {
		browser.findElement(By.id("currentPassword")).sendKeys(current);
		browser.findElement(By.id("newPassword")).sendKeys(newPassword);
		browser.findElement(By.id("confirmPassword")).sendKeys(confirm);
		click(By.id("change-password"));
	}

	/** On a phone the navigation is behind the menu button. */
	private void openMenu() {
		WebElement toggler = browser.findElement(By.cssSelector(".navbar-toggler"));
		if (toggler.isDisplayed()) {
			toggler.click();
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-password")));
		}
	}

	private void signIn(String username, String password) {
		Browser.signIn(browser, wait, username, password);
	}

	/** As a session timeout does: the session table no longer has it. */
	private void endSessionsOf(String username) {
		assertThat(jdbc.update("DELETE FROM spring_session WHERE principal_name = ?", username)).isPositive();
	}

	private void account(String username, String password) {
		StaffUser user = staff.findByUsername(username)
			.orElseGet(() -> new StaffUser(username, Character.toUpperCase(username.charAt(0)) + username.substring(1),
					passwordEncoder.encode(password), Role.STAFF));
		user.changePassword(passwordEncoder.encode(password));
		user.enable();
		staff.save(user);
	}

	private void check(String name, String suffix) throws IOException {
		Browser.fullPageScreenshot(browser, name + "-" + suffix);
		if (Browser.scrollsSideways(browser)) {
			overflowing.add(name + "-" + suffix);
		}
	}

	/** A real click, after scrolling the element to the middle of the viewport. */
	private void click(By locator) {
		Browser.click(browser, locator);
	}

	private String url(String path) {
		return "http://localhost:" + port + path;
	}

}
