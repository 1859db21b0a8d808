package com.whiskeysocket.crm.contacts;

import java.io.IOException;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Possible duplicates, a merge with field choices and its undo in real headless Chromium
 * at a phone's 390×844 and a laptop's 1366×900. No page scrolls sideways; screenshots
 * land in target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MergeBrowserIntegrationTests {

	private static final int[][] SIZES = { { 390, 844 }, { 1366, 900 } };

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

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
	}

	@Test
	void aSuggestedDuplicateIsMergedWithTheChosenNameAndTheMergeUndone() throws IOException {
		for (int[] size : SIZES) {
			String suffix = String.valueOf(size[0]);
			jdbc.update("DELETE FROM contact_merges");
			jdbc.update("DELETE FROM contacts");
			jdbc.update("INSERT INTO contacts (name, phone, email, company, source, updated_at) VALUES "
					+ "('Rina', '6281200000001', 'rina@example.com', NULL, 'whatsapp', '2026-03-01 10:00:00'), "
					+ "('Rina Kusuma Wardhani Putri Lestari', '6281200000002', 'rina@example.com', "
					+ "'PT Contoh Sejahtera Abadi Nusantara', 'outlook', '2026-03-02 10:00:00')");
			long rina = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = '6281200000001'", Long.class);
			long other = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = '6281200000002'", Long.class);
			suggest(rina, other);
			Browser.viewport(browser, size[0], size[1], size[0] < 500);
			browser.manage().deleteAllCookies();
			browser.get(url("/contacts"));
			Browser.signIn(browser, wait, "admin", "admin-password-for-tests");

			openMenu();
			click(By.id("nav-duplicates"));
			wait.until(ExpectedConditions.titleIs("Possible duplicates · Whiskeysocket CRM"));
			check("duplicates", suffix);
			if (hasSuggestions()) {
				assertThat(browser.findElement(By.cssSelector(".duplicate-cluster")).getText()).contains("Same email",
						"rina@example.com", "Rina Kusuma Wardhani Putri Lestari");
				click(By.cssSelector(".duplicate-cluster .merge-link"));
			}
			else {
				browser.get(url("/contacts/merge?ids=" + rina + "&ids=" + other));
			}
			wait.until(ExpectedConditions.titleIs("Merge contacts · Whiskeysocket CRM"));
			// the newest name is the default; keep the first contact and its own short
			// name
			assertThat(browser.findElement(By.id("field-name-" + other)).isSelected()).isTrue();
			click(By.cssSelector("label[for=keep-" + rina + "]"));
			click(By.cssSelector("label[for=field-name-" + rina + "]"));
			check("merge", suffix);
			click(By.id("merge-submit"));

			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("merged-banner")));
			assertThat(browser.getCurrentUrl()).isEqualTo(url("/contacts/" + rina));
			assertThat(browser.findElement(By.id("contact-name")).getText()).isEqualTo("Rina");
			assertThat(browser.findElement(By.cssSelector(".flash.success")).getText())
				.isEqualTo("Merged 2 contacts into this one.");
			check("merged", suffix);
			browser.get(url("/contacts/" + other));
			assertThat(browser.getCurrentUrl()).isEqualTo(url("/contacts/" + rina));

			click(By.id("undo-merge"));
			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.success"),
					"Merge undone: 2 contacts are back as they were."));
			check("unmerged", suffix);
			browser.get(url("/contacts/" + other));
			assertThat(browser.findElement(By.id("contact-name")).getText())
				.isEqualTo("Rina Kusuma Wardhani Putri Lestari");

			if (hasSuggestions()) {
				browser.get(url("/contacts/duplicates"));
				click(By.cssSelector(".duplicate-cluster .dismiss-button"));
				wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-duplicates")));
				check("duplicates-dismissed", suffix);
			}
		}
		assertThat(overflowing).as("pages wider than the viewport").isEmpty();
	}

	private boolean hasSuggestions() {
		return !jdbc
			.queryForList("SELECT table_name FROM information_schema.tables WHERE LOWER(table_name) = "
					+ "'contact_duplicates'", String.class)
			.isEmpty();
	}

	private void suggest(long a, long b) {
		if (hasSuggestions()) {
			// as the people model keeps them: the suggestion holds while both have the
			// email
			for (long id : new long[] { a, b }) {
				jdbc.update("INSERT INTO contact_emails (contact_id, email_key, email, is_primary, created_at) "
						+ "VALUES (?, 'rina@example.com', 'rina@example.com', TRUE, CURRENT_TIMESTAMP)", id);
			}
			jdbc.update("DELETE FROM contact_duplicates");
			jdbc.update("INSERT INTO contact_duplicates (contact_a, contact_b, reason, detail, created_at) "
					+ "VALUES (?, ?, 'email', 'rina@example.com', CURRENT_TIMESTAMP)", a, b);
		}
	}

	private void openMenu() {
		WebElement toggler = browser.findElement(By.cssSelector(".navbar-toggler"));
		if (toggler.isDisplayed()) {
			toggler.click();
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-duplicates")));
		}
	}

	private void check(String name, String suffix) throws IOException {
		Browser.fullPageScreenshot(browser, "dupes-" + name + "-" + suffix);
		if (Browser.scrollsSideways(browser)) {
			overflowing.add(name + "-" + suffix);
		}
	}

	private void click(By locator) {
		Browser.click(browser, locator);
	}

	private String url(String path) {
		return "http://localhost:" + port + path;
	}

}
