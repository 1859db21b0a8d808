package com.whiskeysocket.crm.web;

import java.io.IOException;
import java.time.Duration;
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
 * The rough edges a new user hit, in headless Chromium at a phone's 390×844 and at the
 * 1340 px a maximized browser shows on a 1366 px laptop: the Staff page fits a phone, the
 * contact list uses the width with names whole and the navigation on one line, and the
 * sync panel folds into one line on a phone when nothing needs attention.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "crm.whatsapp.gateway-url=http://127.0.0.1:9")
class RoughEdgesBrowserIntegrationTests {

	private static final String[] NAMES = { "Raden Ajeng Kusumawardhani Setyaningrum", "Kusumawardhani",
			"Bambang Pamungkas Wicaksono Hadiningrat", "Siti Nurhaliza Puspitasari Rahayuningsih",
			"Muhammad Rizky Pratama Nugroho Saputra" };

	/** Every word of every contact name that is drawn on more than one line. */
	private static final String BROKEN_WORDS = """
			const broken = [];
			document.querySelectorAll('.contact-table td.name a').forEach((a) => {
				const text = a.firstChild;
				let at = 0;
				for (const word of text.textContent.split(' ')) {
					const range = document.createRange();
					range.setStart(text, at);
					range.setEnd(text, at + word.length);
					const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
					if (lines.size > 1) broken.push(word);
					at += word.length + 1;
				}
			});
			document.querySelectorAll('.contact-table .email').forEach((e) => {
				const range = document.createRange();
				range.selectNodeContents(e);
				const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
				if (lines.size > 1 || e.title !== e.textContent) broken.push(e.textContent);
			});
			return broken;
			""";

	/** How far apart, in pixels, the middles of the visible top-bar items are. */
	private static final String NAV_SPREAD = """
			const items = Array.from(document.querySelectorAll('.topbar .brand, #main-nav .nav-link, #main-nav .who, #main-nav button'))
				.filter((e) => e.offsetParent !== null);
			const middles = items.map((e) => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; });
			return Math.round(Math.max(...middles) - Math.min(...middles));
			""";

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	private ChromeDriver browser;

	private WebDriverWait wait;

	private long admin;

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
		jdbc.update("UPDATE staff_users SET display_name = 'Admin' WHERE username = 'admin'");
	}

	@Test
	void theStaffPageFitsAPhoneAsCards() throws IOException {
		Browser.viewport(browser, 390, 844, true);
		browser.get(url("/staff"));
		signIn();
		for (String language : List.of("en", "id-ID,id;q=0.9")) {
			Browser.language(browser, language);
			browser.get(url("/staff"));
			Browser.fullPageScreenshot(browser, "rough-staff-390-" + language.substring(0, 2));
			assertThat(Browser.scrollsSideways(browser)).as("the page scrolls sideways").isFalse();
			assertThat(browser.executeScript("return Array.from(document.querySelectorAll('.table-responsive'))"
					+ ".filter((box) => box.scrollWidth > box.clientWidth).length;"))
				.as("a table scrolls sideways inside its box")
				.isEqualTo(0L);
			assertThat(browser.findElement(By.cssSelector("table.staff tbody tr")).getCssValue("display"))
				.isEqualTo("block");
		}
	}

	@Test
	void theContactListUsesALaptopsWidthWithNamesWholeAndTheNavigationOnOneLine() throws IOException {
		Browser.viewport(browser, 1340, 900, false);
		browser.get(url("/contacts"));
		signIn();
		for (String language : List.of("en", "id-ID,id;q=0.9")) {
			Browser.language(browser, language);
			for (int width : new int[] { 1340, 1320 }) {
				Browser.viewport(browser, width, 900, false);
				browser.get(url("/contacts"));
				String name = "rough-contacts-" + width + "-" + language.substring(0, 2);
				Browser.fullPageScreenshot(browser, name);
				assertThat(Browser.scrollsSideways(browser)).as(name).isFalse();
				assertThat(browser.executeScript(BROKEN_WORDS)).as(name + ": words broken inside").asList().isEmpty();
				assertThat(browser.findElement(By.id("nav-history")).isDisplayed()).as(name).isTrue();
				assertThat((Long) browser.executeScript(NAV_SPREAD)).as(name + ": navigation on one line")
					.isLessThanOrEqualTo(6L);
				WebElement brand = browser.findElement(By.cssSelector(".brand span"));
				assertThat(brand.getText()).isEqualTo("Whiskeysocket CRM");
				assertThat(browser.executeScript("return arguments[0].scrollWidth <= arguments[0].clientWidth;", brand))
					.as(name + ": product name cut")
					.isEqualTo(true);
			}
			Browser.viewport(browser, 1340, 900, false);
			browser.get(url("/contacts"));
			assertThat(browser.findElement(By.cssSelector("main")).getRect().getWidth()).as("the list uses the width")
				.isGreaterThan(1300);
			// below the width where it fits on one line, the navigation is behind the
			// menu
			Browser.viewport(browser, 1310, 900, false);
			browser.get(url("/contacts"));
			assertThat(browser.findElement(By.id("nav-history")).isDisplayed()).isFalse();
			assertThat(browser.findElement(By.cssSelector(".navbar-toggler")).isDisplayed()).isTrue();
		}
	}

	@Test
	void onAPhoneAQuietSyncPanelIsOneLineThatOpensOnATap() throws IOException {
		whatsApp("linked");
		Browser.viewport(browser, 390, 844, true);
		browser.get(url("/contacts"));
		signIn();
		WebElement line = browser.findElement(By.id("sync-line"));
		Browser.fullPageScreenshot(browser, "rough-sync-folded-390");
		assertThat(line.isDisplayed()).isTrue();
		assertThat(line.getText()).matches("Synced \\d+ min ago · WhatsApp");
		assertThat(browser.findElement(By.id("whatsapp-sync")).isDisplayed()).isFalse();
		assertThat(browser.findElement(By.id("sync-panel")).getRect().getHeight()).as("one line").isLessThan(60);

		Browser.click(browser, By.id("sync-line"));
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("whatsapp-sync")));
		assertThat(line.isDisplayed()).isFalse();

		Browser.language(browser, "id-ID,id;q=0.9");
		browser.get(url("/contacts"));
		assertThat(browser.findElement(By.id("sync-line")).getText()).matches("Disinkronkan \\d+ mnt lalu · WhatsApp");

		// at a desktop's width the whole panel shows
		Browser.viewport(browser, 1340, 900, false);
		browser.get(url("/contacts"));
		assertThat(browser.findElement(By.id("sync-line")).isDisplayed()).isFalse();
		assertThat(browser.findElement(By.id("whatsapp-sync")).isDisplayed()).isTrue();
	}

	@Test
	void onAPhoneASyncPanelThatNeedsAttentionShowsInFull() throws IOException {
		whatsApp("error");
		Browser.viewport(browser, 390, 844, true);
		browser.get(url("/contacts"));
		signIn();
		Browser.fullPageScreenshot(browser, "rough-sync-attention-390");
		assertThat(browser.findElement(By.id("sync-line")).isDisplayed()).isFalse();
		assertThat(browser.findElement(By.id("whatsapp-link")).isDisplayed()).isTrue();
		assertThat(browser.findElement(By.id("whatsapp-state")).getText()).isNotBlank();
	}

	private void whatsApp(String state) {
		jdbc.update(
				"INSERT INTO whatsapp_links (staff_user_id, state, phone, name, requested_at, updated_at) "
						+ "VALUES (?, ?, '6281234567890', 'Dewi', CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6))",
				admin, state);
		jdbc.update(
				"INSERT INTO sync_runs (staff_user_id, provider, trigger_type, status, started_at, finished_at) "
						+ "VALUES (?, 'whatsapp', 'manual', 'succeeded', ?, ?)",
				admin, java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(200)),
				java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(180)));
	}

	private void signIn() {
		Browser.signIn(browser, wait, "admin", "admin-password-for-tests");
	}

	private String url(String path) {
		return "http://localhost:" + port + path;
	}

	private void seed() {
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM whatsapp_links");
		jdbc.update("DELETE FROM sync_runs");
		admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		jdbc.update("UPDATE staff_users SET display_name = 'Dewi Kusumawardhani' WHERE id = ?", admin);
		String[][] staff = { { "kusumawardhani.setyaningrum", "Raden Ajeng Kusumawardhani Setyaningrum" },
				{ "bambang.wicaksono", "Bambang Pamungkas Wicaksono" } };
		for (String[] member : staff) {
			if (jdbc.queryForObject("SELECT COUNT(*) FROM staff_users WHERE username = ?", Integer.class,
					member[0]) == 0) {
				jdbc.update("INSERT INTO staff_users (username, display_name, password_hash) VALUES (?, ?, 'x')",
						member[0], member[1]);
			}
		}
		long owner = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'kusumawardhani.setyaningrum'",
				Long.class);
		String[] statuses = { "new", "contacted", "qualified", "won", "lost" };
		for (int i = 0; i < 20; i++) {
			String name = NAMES[i % NAMES.length] + ((i < NAMES.length) ? "" : " " + i);
			String email = name.toLowerCase().replace(' ', '.') + "@perusahaan-contoh-sejahtera.co.id";
			jdbc.update(
					"INSERT INTO contacts (name, phone, email, company, source, lead_status, owner_id) "
							+ "VALUES (?, ?, ?, ?, 'whatsapp', ?, ?)",
					name, "6281300000%03d".formatted(i), email, "PT Sumber Rejeki Abadi Sentosa Makmur",
					statuses[i % statuses.length], (i % 2 == 0) ? owner : admin);
		}
	}

}
