package com.whiskeysocket.crm.web;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.whiskeysocket.crm.testsupport.NameSearchIndex;
import com.whiskeysocket.crm.testsupport.Browser;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page in real headless Chromium at a phone's 390×844 and a laptop's 1366×900: no
 * sideways scrolling anywhere, and the daily flows (contact page, status changed in
 * place, bulk assign, the menu on a phone). Screenshots land in target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PagesBrowserIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	private ChromeDriver browser;

	private WebDriverWait wait;

	private long budi;

	private long rina;

	@BeforeEach
	void seedAndStartBrowser() throws IOException {
		Assumptions.assumeTrue(Browser.available(), "Debian chromium and chromium-driver are not installed");
		seed();
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
	void noPageScrollsSidewaysOnAPhoneOrALaptop() throws IOException {
		List<String> overflowing = new ArrayList<>();
		for (int[] size : new int[][] { { 390, 844 }, { 1366, 900 } }) {
			Browser.viewport(browser, size[0], size[1], size[0] < 500);
			browser.manage().deleteAllCookies();
			visit("/login", "login", String.valueOf(size[0]), overflowing);
			signIn();
			visitEveryPage(String.valueOf(size[0]), overflowing);
		}
		// Indonesian words are longer: the phone layout must hold them too
		Browser.language(browser, "id-ID,id;q=0.9");
		Browser.viewport(browser, 390, 844, true);
		visitEveryPage("390-id", overflowing);
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Tidak ditemukan");
		assertThat(overflowing).as("pages wider than the viewport").isEmpty();
	}

	private void visitEveryPage(String suffix, List<String> overflowing) throws IOException {
		visit("/contacts", "contacts", suffix, overflowing);
		visit("/contacts?owner=me", "my-contacts", suffix, overflowing);
		visit("/contacts?q=nobody-matches-this", "contacts-no-match", suffix, overflowing);
		visit("/contacts/" + budi, "contact-page", suffix, overflowing);
		visit("/contacts/" + budi + "/edit", "contact-edit", suffix, overflowing);
		// someone else saves while this form is open: the save shows both versions
		jdbc.update("UPDATE contacts SET company = 'PT Maju Bersama Sejahtera Abadi Nusantara', "
				+ "version = version + 1 WHERE id = ?", budi);
		browser.findElement(By.id("company")).clear();
		browser.findElement(By.id("company")).sendKeys("PT Maju Jaya Sentosa Makmur Indonesia Raya Tbk");
		browser.findElement(By.id("company")).submit();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("edit-conflict")));
		check("contact-edit-conflict", suffix, overflowing);
		visit("/contacts/new", "contact-new", suffix, overflowing);
		browser.findElement(By.id("phone")).sendKeys("0811-2222-3333");
		browser.findElement(By.id("email")).sendKeys("not-an-email");
		browser.findElement(By.id("phone")).submit();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("duplicate-link")));
		check("contact-form-errors", suffix, overflowing);
		visit("/contacts/" + budi + "/delete", "contact-delete", suffix, overflowing);
		visit("/sync/history", "sync-history", suffix, overflowing);
		visit("/imports/new", "import-new", suffix, overflowing);
		visit("/staff", "staff", suffix, overflowing);
		visit("/audit", "audit", suffix, overflowing);
		visit("/help/user-guide", "help-user-guide", suffix, overflowing);
		visit("/help/outlook-setup", "help-outlook-setup", suffix, overflowing);
		visit("/contacts/999999", "not-found", suffix, overflowing);
	}

	@Test
	void onAPhoneTheMenuCollapsesAndTheListIsCards() throws IOException {
		Browser.viewport(browser, 390, 844, true);
		browser.get(url("/contacts"));
		signIn();
		assertThat(browser.findElement(By.id("nav-history")).isDisplayed()).isFalse();
		browser.findElement(By.cssSelector(".navbar-toggler")).click();
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-history")));
		Browser.fullPageScreenshot(browser, "menu-open-390");
		assertThat(browser.findElement(By.cssSelector(".contact-table thead")).isDisplayed()).isFalse();
		assertThat(browser.findElement(By.cssSelector(".contact-table tr")).getCssValue("display")).isEqualTo("grid");
		browser.findElement(By.id("nav-history")).click();
		wait.until(ExpectedConditions.titleIs("Sync history · Whiskeysocket CRM"));
	}

	@Test
	void contactPageChangesStatusInPlaceAndTakesANote() throws IOException {
		Browser.viewport(browser, 390, 844, true);
		browser.get(url("/contacts/" + budi));
		signIn();
		assertThat(browser.getTitle()).isEqualTo("Budi Santoso · Whiskeysocket CRM");
		assertThat(browser.findElement(By.id("chat-whatsapp")).getAttribute("href"))
			.isEqualTo("https://wa.me/6281122223333");
		assertThat(browser.findElement(By.id("call")).getAttribute("href")).isEqualTo("tel:+6281122223333");
		assertThat(browser.findElement(By.id("sources")).getText()).contains("Rina Sales");

		new Select(browser.findElement(By.id("status-" + budi))).selectByValue("qualified");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("contact-status"), "Saved"));
		assertThat(status(budi)).isEqualTo("qualified");
		assertThat(browser.getCurrentUrl()).startsWith(url("/contacts/" + budi));

		browser.findElement(By.id("note-body")).sendKeys("Called, wants a quote by Friday");
		click(By.id("add-note"));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".timeline"),
				"Called, wants a quote by Friday"));
		assertThat(browser.findElement(By.cssSelector(".timeline")).getText()).contains("Admin", "just now");
		Browser.fullPageScreenshot(browser, "contact-page-after-note-390");
	}

	@Test
	void listChangesStatusInlineAndAssignsTickedContactsInBulk() throws IOException {
		Browser.viewport(browser, 1366, 900, false);
		browser.get(url("/contacts?q=Lead"));
		signIn();
		long first = idOf("Lead 55");
		new Select(browser.findElement(By.id("status-" + first))).selectByValue("won");
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("contact-" + first), "Saved"));
		assertThat(status(first)).isEqualTo("won");

		for (String name : List.of("Lead 54", "Lead 53")) {
			browser.findElement(By.cssSelector("#contact-" + idOf(name) + " .row-select")).click();
		}
		assertThat(browser.findElement(By.id("selected-count")).getText()).isEqualTo("2 selected");
		new Select(browser.findElement(By.id("bulk-owner"))).selectByVisibleText("Rina Sales");
		Browser.fullPageScreenshot(browser, "bulk-assign-1366");
		click(By.id("bulk-assign"));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.success"),
				"2 contacts assigned"));
		assertThat(jdbc.queryForList("SELECT name FROM contacts WHERE owner_id = ? ORDER BY name", String.class, rina))
			.contains("Lead 54", "Lead 53")
			.doesNotContain("Lead 55");
		assertThat(browser.getCurrentUrl()).startsWith(url("/contacts?q=Lead"));

		browser.findElement(By.id("select-page")).click();
		browser.findElement(By.id("select-all")).click();
		assertThat(browser.findElement(By.id("selected-count")).getText())
			.isEqualTo("All 55 matching contacts selected");
		browser.findElement(By.id("bulk-delete")).click();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("bulk-delete-question"),
				"Delete 55 contacts? This cannot be undone."));
		Browser.fullPageScreenshot(browser, "bulk-delete-confirm-1366");
		click(By.id("bulk-delete-confirm"));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.success"),
				"55 contacts deleted"));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts WHERE name LIKE 'Lead%'", Integer.class))
			.isZero();
	}

	private void visit(String path, String name, String suffix, List<String> overflowing) throws IOException {
		browser.get(url(path));
		check(name, suffix, overflowing);
	}

	private void check(String name, String suffix, List<String> overflowing) throws IOException {
		Browser.fullPageScreenshot(browser, name + "-" + suffix);
		if (Browser.scrollsSideways(browser)) {
			overflowing.add(name + "-" + suffix);
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

	private String status(long id) {
		return jdbc.queryForObject("SELECT lead_status FROM contacts WHERE id = ?", String.class, id);
	}

	private long idOf(String name) {
		return jdbc.queryForObject("SELECT id FROM contacts WHERE name = ?", Long.class, name);
	}

	private void seed() {
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM staff_users WHERE username = 'rina'");
		jdbc.update(
				"INSERT INTO staff_users (username, display_name, password_hash) VALUES ('rina', 'Rina Sales', 'x')");
		rina = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'rina'", Long.class);
		long admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		String[] sources = { "whatsapp", "google", "outlook", "both" };
		String[] statuses = { "new", "contacted", "qualified", "won", "lost" };
		for (int i = 1; i <= 55; i++) {
			jdbc.update(
					"INSERT INTO contacts (name, phone, email, company, source, lead_status, owner_id) "
							+ "VALUES (?, ?, ?, ?, ?, ?, ?)",
					"Lead %02d".formatted(i), "62813000000%02d".formatted(i),
					(i % 3 == 0) ? "lead%02d@example.com".formatted(i) : null,
					(i % 2 == 0) ? "PT Sumber Rejeki Abadi Sentosa" : null, sources[i % 4], statuses[i % 5],
					(i % 4 == 0) ? admin : null);
		}
		jdbc.update("INSERT INTO contacts (name, phone, email, company, source, lead_status, owner_id, notes) "
				+ "VALUES ('Budi Santoso', '6281122223333', 'budi.santoso@example.co.id', 'PT Maju Jaya', 'both', "
				+ "'contacted', ?, 'Met at the Jakarta fair; prefers WhatsApp.')", admin);
		budi = idOf("Budi Santoso");
		jdbc.update("INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, first_seen_at, "
				+ "last_seen_at) VALUES (?, ?, 'outlook', 'AAMk-fake-1', '2026-01-05 03:04:00', CURRENT_TIMESTAMP)",
				budi, rina);
		jdbc.update(
				"INSERT INTO contact_notes (contact_id, author_id, author_name, body, created_at) "
						+ "VALUES (?, ?, 'Rina Sales', 'Asked for the price list.', '2026-01-06 02:00:00')",
				budi, rina);
		// a value a merge kept and a write-back that gave up, both long, on Budi's page
		jdbc.update(
				"INSERT INTO contact_lost_values (contact_id, field, lost_value, had_by, staff_user_id, lost_at) "
						+ "VALUES (?, 'name', ?, 'google', ?, CURRENT_TIMESTAMP(6))",
				budi, "Budi" + "s".repeat(90), rina);
		jdbc.update("INSERT INTO write_back_outbox (contact_id, staff_user_id, provider, due_at, created_at, attempts, "
				+ "last_error, failed) VALUES (?, ?, 'google', CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6), 8, "
				+ "'google_http_503', TRUE)", budi, rina);
		// a name with no spaces must not push the page sideways
		jdbc.update("INSERT INTO contacts (name, phone) VALUES (?, '6281399999999')", "Zaenal" + "x".repeat(80));
		NameSearchIndex.rebuild(jdbc);
	}

}
