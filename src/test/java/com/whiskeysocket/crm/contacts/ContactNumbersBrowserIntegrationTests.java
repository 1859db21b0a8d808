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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.whiskeysocket.crm.testsupport.Browser;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A contact with four numbers and two emails in real headless Chromium at a phone's
 * 390×844 and a laptop's 1366×900: every number with its label on the contact page, a
 * number added on the edit form and made primary, and a contact WhatsApp knows only by a
 * LID edited without a number. No page scrolls sideways; screenshots land in
 * target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContactNumbersBrowserIntegrationTests {

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
	void fourNumbersAreShownWithTheirLabelsAndANumberAddedOnTheEditFormBecomesPrimary() throws IOException {
		for (int[] size : SIZES) {
			String suffix = String.valueOf(size[0]);
			jdbc.update("DELETE FROM contacts");
			jdbc.update("DELETE FROM staff_users WHERE username IN ('rina-browser', 'budi-browser')");
			jdbc.update("INSERT INTO staff_users (username, display_name, password_hash) "
					+ "VALUES ('rina-browser', 'Rina', 'x'), ('budi-browser', 'Budi', 'x')");
			long id = ContactNumbersPageIntegrationTests.fourNumbers(jdbc, staffId("rina-browser"),
					staffId("budi-browser"));
			Browser.viewport(browser, size[0], size[1], size[0] < 500);
			browser.manage().deleteAllCookies();
			browser.get(url("/contacts/" + id));
			Browser.signIn(browser, wait, "admin", "admin-password-for-tests");
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("numbers")));

			List<WebElement> numbers = browser.findElements(By.cssSelector("#numbers li.number"));
			assertThat(numbers).hasSize(4);
			assertThat(numbers.get(0).getText()).contains("+62 812-3456-7890", "mobile", "primary");
			assertThat(numbers).extracting(WebElement::getText)
				.anySatisfy((text) -> assertThat(text).contains("work"))
				.anySatisfy((text) -> assertThat(text).contains("Toko <b>Pasar</b>"));
			assertThat(browser.findElements(By.cssSelector("#emails li.email")))
				.extracting((email) -> email.getText().replaceAll("\\s+", " "))
				.containsExactly("rina@example.com home primary", "rina@office.example work");
			check("contact-four-numbers", suffix);

			Browser.click(browser, By.id("edit-contact"));
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("add-phone")));
			Browser.click(browser, By.id("add-phone"));
			WebElement added = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("phone-4")));
			// the unlabelled number still says so after the form came back
			assertThat(new Select(browser.findElement(By.id("phone-label-3"))).getFirstSelectedOption().getText())
				.isEqualTo("no label");
			added.sendKeys("0857-1111-2222");
			new Select(browser.findElement(By.id("phone-label-4"))).selectByValue("work");
			Browser.click(browser, By.cssSelector("label:has(#primary-phone-4)"));
			assertThat(browser.findElement(By.id("primary-phone-4")).isSelected()).isTrue();
			check("edit-added-number", suffix);
			Browser.click(browser, By.cssSelector(".form-buttons button[type=submit]"));

			wait.until(ExpectedConditions.urlToBe(url("/contacts/" + id)));
			numbers = browser.findElements(By.cssSelector("#numbers li.number"));
			assertThat(numbers).hasSize(5);
			assertThat(numbers.get(0).getText()).contains("+62 857-1111-2222", "work", "primary");
			assertThat(browser.findElement(By.id("chat-whatsapp")).getAttribute("href"))
				.isEqualTo("https://wa.me/6285711112222");
			check("contact-new-primary", suffix);
			assertThat(jdbc.queryForObject("SELECT phone FROM contacts WHERE id = ?", String.class, id))
				.isEqualTo("6285711112222");
		}
		assertThat(overflowing).as("pages wider than the viewport").isEmpty();
	}

	@Test
	void aContactKnownOnlyByAWhatsAppLidIsSavedWithoutANumber() throws IOException {
		for (int[] size : SIZES) {
			String suffix = String.valueOf(size[0]);
			jdbc.update("DELETE FROM contacts");
			jdbc.update("INSERT INTO contacts (name, phone, source, lead_status, created_at, updated_at) "
					+ "VALUES ('Pelanggan Lid', NULL, 'whatsapp', 'new', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
			long id = jdbc.queryForObject("SELECT id FROM contacts", Long.class);
			Browser.viewport(browser, size[0], size[1], size[0] < 500);
			browser.manage().deleteAllCookies();
			browser.get(url("/contacts/" + id + "/edit"));
			Browser.signIn(browser, wait, "admin", "admin-password-for-tests");
			WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name")));
			assertThat(browser.findElement(By.id("phone")).getAttribute("value")).isEmpty();
			name.clear();
			name.sendKeys("Pelanggan Lid Bandung");
			check("edit-lid-only", suffix);
			Browser.click(browser, By.cssSelector(".form-buttons button[type=submit]"));

			wait.until(ExpectedConditions.urlToBe(url("/contacts/" + id)));
			assertThat(browser.findElement(By.id("contact-name")).getText()).isEqualTo("Pelanggan Lid Bandung");
			assertThat(browser.findElement(By.id("number-hidden")).isDisplayed()).isTrue();
			check("contact-lid-only-saved", suffix);
		}
		assertThat(overflowing).as("pages wider than the viewport").isEmpty();
	}

	private long staffId(String username) {
		return jdbc.queryForObject("SELECT id FROM staff_users WHERE username = ?", Long.class, username);
	}

	private void check(String name, String suffix) throws IOException {
		Browser.fullPageScreenshot(browser, "numbers-" + name + "-" + suffix);
		if (Browser.scrollsSideways(browser)) {
			overflowing.add(name + "-" + suffix);
		}
	}

	private String url(String path) {
		return "http://localhost:" + port + path;
	}

}
