package com.whiskeysocket.crm.whatsapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.whiskeysocket.crm.testsupport.Browser;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WhatsApp column in real headless Chromium, with a gateway stand-in that plays the
 * control API and posts signed webhooks back: Link WhatsApp, the QR drawn by the CRM and
 * replaced when a new one arrives, "Linked as …", contacts pushed live, Sync WhatsApp
 * with its counts (a run in the sync history), at phone and laptop sizes without sideways
 * scrolling.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class WhatsAppBrowserIntegrationTests {

	private static final int PORT = freePort();

	private static final GatewayStandIn GATEWAY = standIn();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		GATEWAY.configure(registry);
	}

	@Autowired
	private JdbcTemplate jdbc;

	private ChromeDriver browser;

	private String staffId;

	@BeforeEach
	void startBrowser() throws IOException {
		Assumptions.assumeTrue(Browser.available(), "Debian chromium and chromium-driver are not installed");
		GATEWAY.webhooksTo("http://127.0.0.1:" + PORT + "/api/whatsapp/events");
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM whatsapp_links");
		jdbc.update("DELETE FROM sync_runs");
		jdbc.update("INSERT INTO contacts (name, phone, source, google_contact_id) "
				+ "VALUES ('Budi Official', '6281300000001', 'google', 'people/c1')");
		staffId = String
			.valueOf(jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class));
		browser = Browser.start();
	}

	@AfterEach
	void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@AfterAll
	static void stopGateway() {
		GATEWAY.close();
	}

	@ParameterizedTest(name = "{0}x{1}")
	@CsvSource({ "390, 844, true", "1366, 900, false" })
	void staffLinksWhatsAppSeesTheQrThenLinkedReceivesContactsAndSyncs(int width, int height, boolean mobile)
			throws Exception {
		String size = width + "x" + height;
		Browser.viewport(browser, width, height, mobile);
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
		browser.get("http://localhost:" + PORT + "/contacts");
		browser.findElement(By.id("username")).sendKeys("admin");
		browser.findElement(By.id("password")).sendKeys("admin-password-for-tests");
		browser.findElement(By.cssSelector("form button[type=submit]")).click();
		assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("whatsapp-state"))).getText())
			.contains("Link your WhatsApp");
		assertNoSidewaysScroll("whatsapp-unlinked-" + size);

		wait.until(ExpectedConditions.elementToBeClickable(By.id("whatsapp-link"))).click();

		WebElement qr = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("whatsapp-qr")));
		wait.until((driver) -> qrLoaded());
		String firstQr = qr.getAttribute("src");
		assertThat(firstQr).contains("/whatsapp/qr.png?v=");
		assertThat(browser.findElement(By.id("whatsapp-state")).getText()).contains("scan this code");
		assertThat(GATEWAY.calls()).contains("POST /sessions/" + staffId);
		assertNoSidewaysScroll("whatsapp-qr-" + size);

		// WhatsApp renews the QR: the page follows
		GATEWAY.later(staffId, "session.status", Map.of("staffId", staffId, "state", "qr", "qr", "2@fake-qr-2"));
		wait.until((driver) -> !firstQr.equals(browser.findElement(By.id("whatsapp-qr")).getAttribute("src")));
		wait.until((driver) -> qrLoaded());

		GATEWAY.later(staffId, "session.status",
				Map.of("staffId", staffId, "state", "linked", "phone", "6281234567890", "name", "Rina Sales"));
		// linked and quiet: on a phone the page shows the panel folded to one line
		wait.until((driver) -> {
			try {
				openFoldedSyncPanel();
				return driver.findElement(By.id("whatsapp-state"))
					.getText()
					.contains("Linked as +62 812-3456-7890 (Rina Sales)");
			}
			catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException ex) {
				// the page is being replaced as the link completes
				return false;
			}
		});
		assertNoSidewaysScroll("whatsapp-linked-" + size);

		// the phone's history sync pushes contacts while nobody clicks anything
		GATEWAY.later(staffId, "contacts.batch",
				Map.of("staffId", staffId, "contacts",
						List.of(GatewayStandIn.contact("6281234567001", "Sari Pelanggan", "Sari"),
								GatewayStandIn.contact("6281300000001", "Budi HP", "Budi"))));
		GATEWAY.idle();
		browser.navigate().refresh();
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("contacts-results"), "Sari Pelanggan"));
		assertThat(browser.findElement(By.id("contacts-results")).getText()).contains("Budi Official")
			.doesNotContain("Budi HP");

		List<Map<String, Object>> phone = new ArrayList<>();
		phone.add(GatewayStandIn.contact("6281234567001", "Sari Pelanggan", "Sari"));
		phone.add(GatewayStandIn.contact("6281300000001", "Budi HP", "Budi"));
		for (int i = 0; i < 1200; i++) {
			phone.add(GatewayStandIn.contact("62815%08d".formatted(i), null, "Pelanggan " + i));
		}
		GATEWAY.store(phone);
		openFoldedSyncPanel();
		wait.until(ExpectedConditions.elementToBeClickable(By.id("whatsapp-sync"))).click();

		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("whatsapp-sync-status"), "new,"));
		assertThat(browser.findElement(By.id("whatsapp-sync-status")).getText())
			.isEqualTo("1200 new, 0 updated, 0 merged, 0 skipped (no phone)");
		assertThat(browser.findElement(By.id("whatsapp-sync-details")).getText()).startsWith("2 unchanged")
			.contains("1202 contacts received");
		assertThat(GATEWAY.calls()).contains("POST /sessions/" + staffId + "/resync");
		assertThat(browser.findElement(By.id("whatsapp-error")).isDisplayed()).isFalse();
		assertNoSidewaysScroll("whatsapp-synced-" + size);
		assertThat(jdbc.queryForList("SELECT CONCAT(provider, ' ', status, ' ', added) FROM sync_runs", String.class))
			.containsExactly("whatsapp succeeded 1200");

		browser.get("http://localhost:" + PORT + "/sync/history");
		assertThat(browser.findElement(By.tagName("main")).getText()).contains("WhatsApp");
		assertNoSidewaysScroll("whatsapp-history-" + size);

		browser.get("http://localhost:" + PORT + "/contacts");
		openFoldedSyncPanel();
		wait.until(ExpectedConditions.elementToBeClickable(By.id("whatsapp-disconnect"))).click();
		wait.until(ExpectedConditions.elementToBeClickable(By.id("whatsapp-link")));
		assertThat(GATEWAY.calls()).contains("DELETE /sessions/" + staffId);
	}

	/** On a phone a quiet sync panel is one line (issue 21): a tap opens it. */
	private void openFoldedSyncPanel() {
		WebElement line = browser.findElement(By.id("sync-line"));
		if (line.isDisplayed()) {
			Browser.click(browser, By.id("sync-line"));
		}
	}

	private boolean qrLoaded() {
		Object loaded = browser.executeScript(
				"var i = document.getElementById('whatsapp-qr'); return i.complete && i.naturalWidth > 200;");
		return Boolean.TRUE.equals(loaded);
	}

	private void assertNoSidewaysScroll(String name) throws IOException {
		Browser.fullPageScreenshot(browser, name);
		assertThat(Browser.scrollsSideways(browser)).as(name + " scrolls sideways").isFalse();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static GatewayStandIn standIn() {
		try {
			return new GatewayStandIn();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
