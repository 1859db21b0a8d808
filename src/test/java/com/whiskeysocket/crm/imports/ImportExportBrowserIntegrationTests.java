package com.whiskeysocket.crm.imports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
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
 * Import and export clicked through in headless Chromium at 390×844 and 1366×900: upload
 * → preview → confirm → result, the run in the sync history, and downloads of the list's
 * filter and of ticked contacts, read back from Chrome's download directory. No page
 * scrolls sideways; screenshots land in target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImportExportBrowserIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@TempDir
	private Path files;

	@TempDir
	private Path downloads;

	private ChromeDriver browser;

	private WebDriverWait wait;

	private final List<String> overflowing = new ArrayList<>();

	@BeforeEach
	void startBrowser() throws IOException {
		Assumptions.assumeTrue(Browser.available(), "Debian chromium and chromium-driver are not installed");
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM import_uploads");
		jdbc.update("DELETE FROM sync_runs");
		jdbc.update("DELETE FROM sync_accounts");
		jdbc.update("INSERT INTO contacts (name, phone, source, lead_status) "
				+ "VALUES ('Pak WhatsApp', '6281210000002', 'whatsapp', 'new')");
		browser = Browser.start();
		browser.executeCdpCommand("Browser.setDownloadBehavior",
				Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
		wait = new WebDriverWait(browser, Duration.ofSeconds(30));
	}

	@AfterEach
	void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void uploadPreviewConfirmOnAPhoneAndALaptop() throws IOException {
		Path csv = files.resolve("kontak-excel.csv");
		Files.writeString(csv, "\uFEFFNama;No HP;Email;Perusahaan\r\n"
				+ "Budi Santoso Wijayakusuma;0812-1000-0001;budi.santoso.wijayakusuma@example.co.id;PT Sumber Rejeki Abadi Sentosa\r\n"
				+ "Nama Dari Excel;0812-1000-0002;wa@example.com;\r\n" + "Budi Lagi;+62 812 1000 0001;;\r\n"
				+ "Tanpa Nomor;;;\r\n" + "Nomor Salah;12345;;\r\n", StandardCharsets.UTF_8);
		Path vcf = files.resolve("Contacts.vcf");
		Files.writeString(vcf, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dewi Kartika\r\nTEL;TYPE=WORK:021-555-0101\r\n"
				+ "TEL;TYPE=CELL:0812-1000-0009\r\nEND:VCARD\r\n", StandardCharsets.UTF_8);

		Browser.viewport(browser, 390, 844, true);
		browser.get(url("/contacts"));
		signIn();
		importFile(csv, "390", "All: 5", "New: 1", "Merged: 1", "Duplicates in the file: 1", "No or invalid number: 2");
		assertThat(browser.findElement(By.id("result-counts")).getText()).contains("New: 1", "Merged: 1",
				"Duplicates: 1", "No or invalid number: 2", "Rows: 5");
		assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE phone = '6281210000002'", String.class))
			.isEqualTo("Nama Dari Excel");

		Browser.viewport(browser, 1366, 900, false);
		importFile(vcf, "1366", "All: 1", "New: 1");
		assertThat(jdbc.queryForObject("SELECT source FROM contacts WHERE phone = '6281210000009'", String.class))
			.isEqualTo("manual");

		browser.get(url("/sync/history"));
		check("import-sync-history-1366");
		assertThat(browser.findElement(By.cssSelector("table.history")).getText()).contains("File import");

		// Indonesian on a phone: the longer words
		// must fit too; cancelling changes nothing
		Browser.language(browser, "id-ID,id;q=0.9");
		Browser.viewport(browser, 390, 844, true);
		browser.get(url("/imports/new"));
		browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
		click(By.id("upload"));
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-counts")));
		check("import-preview-390-id");
		assertThat(browser.findElement(By.id("import-counts")).getText()).contains("Sudah ada: 2",
				"Ganda dalam berkas: 1", "Tanpa nomor / nomor tidak valid: 2");
		click(By.id("cancel-import"));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.success"),
				"Impor dibatalkan"));
		assertThat(overflowing).as("pages wider than the viewport").isEmpty();
	}

	@Test
	void previewOfACardWithManyNumbersShowsEachWithItsPersonAndFitsAPhone() throws IOException {
		jdbc.update("INSERT INTO contacts (name, phone, source, lead_status) "
				+ "VALUES ('Ibu Kantor Pusat Sumber Rejeki', '62215550101', 'outlook', 'new')");
		Path vcf = files.resolve("iPhone.vcf");
		Files.writeString(vcf,
				"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dewi Kartika Sari Wulandari\r\n"
						+ "TEL;type=CELL;type=VOICE;type=pref:0812-1000-0002\r\nTEL;type=WORK:021-555-0101\r\n"
						+ "item1.TEL:0813-9999-8888\r\nitem1.X-ABLabel:Kantor Cabang Bandung Timur\r\n"
						+ "TEL;type=HOME:022-555-0102\r\nTEL;type=HOME;type=FAX:022-555-0103\r\nTEL;type=PAGER:12\r\n"
						+ "EMAIL;type=WORK:dewi.kartika.sari.wulandari@sumber-rejeki-abadi.example.co.id\r\n"
						+ "EMAIL;type=HOME:dewi@example.com\r\nEND:VCARD\r\n",
				StandardCharsets.UTF_8);

		Browser.viewport(browser, 390, 844, true);
		browser.get(url("/contacts"));
		signIn();
		browser.get(url("/imports/new"));
		browser.findElement(By.id("file")).sendKeys(vcf.toAbsolutePath().toString());
		click(By.id("upload"));
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-counts")));
		check("import-preview-numbers-390");

		assertThat(browser.findElements(By.cssSelector("#row-1 .row-numbers li"))).hasSize(6);
		assertThat(browser.findElement(By.id("row-1")).getText()).contains("Pak WhatsApp", "already theirs",
				"belongs to Ibu Kantor Pusat Sumber Rejeki", "added to them", "Kantor Cabang Bandung Timur", "home fax",
				"not a valid number");
		Browser.viewport(browser, 1366, 900, false);
		browser.navigate().refresh();
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-counts")));
		check("import-preview-numbers-1366");
		assertThat(overflowing).as("pages wider than the viewport").isEmpty();
	}

	@Test
	void aFileOverTheLimitIsRefusedBeforeItIsSent() throws IOException {
		Path big = files.resolve("big.csv");
		try (var out = Files.newOutputStream(big)) {
			byte[] row = "Pelanggan;0812-1000-0001\r\n".getBytes(StandardCharsets.UTF_8);
			for (long written = 0; written <= 20L * 1024 * 1024; written += row.length) {
				out.write(row);
			}
		}
		Browser.viewport(browser, 390, 844, true);
		browser.get(url("/imports/new"));
		signIn();
		browser.findElement(By.id("file")).sendKeys(big.toAbsolutePath().toString());
		click(By.id("upload"));

		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("file-error"),
				"The file is larger than 20.0 MB, the limit."));
		check("import-too-large-390");
		assertThat(browser.getCurrentUrl()).contains("/imports/new");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_uploads", Integer.class)).isZero();
		assertThat(overflowing).isEmpty();
	}

	@Test
	void exportsTheFilterAndTheTickedContactsAsDownloads() throws IOException {
		jdbc.update("INSERT INTO contacts (name, phone, email, company, source, lead_status) "
				+ "VALUES ('Siti Ñurhaliza', '6281311112222', 'siti@example.com', 'CV Sejahtera', 'manual', 'won')");
		Browser.viewport(browser, 390, 844, true);
		browser.get(url("/contacts?status=won"));
		signIn();
		check("export-list-390");
		click(By.id("export-csv"));
		Path csv = download(".csv");
		String text = Files.readString(csv, StandardCharsets.UTF_8);
		assertThat(csv.getFileName().toString()).matches("contacts-\\d{4}-\\d{2}-\\d{2}\\.csv");
		// the old columns first, then every number and email with its label
		assertThat(text)
			.startsWith("\uFEFFname,phone,email,company,status,owner,source,notes,updated,Phone 1 - Label,"
					+ "Phone 1 - Value,E-mail 1 - Label,E-mail 1 - Value\r\n")
			.contains("Siti Ñurhaliza,+6281311112222,siti@example.com,CV Sejahtera,won")
			.doesNotContain("Pak WhatsApp");
		Files.delete(csv);

		Browser.viewport(browser, 1366, 900, false);
		browser.get(url("/contacts"));
		long id = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = '6281210000002'", Long.class);
		browser.findElement(By.cssSelector("#contact-" + id + " .row-select")).click();
		check("export-bulk-bar-1366");
		click(By.id("bulk-export-vcard"));
		Path vcf = download(".vcf");
		assertThat(Files.readString(vcf, StandardCharsets.UTF_8))
			// a number kept without a label (as older versions stored it) is the
			// preferred one
			.contains("FN:Pak WhatsApp", "TEL;TYPE=pref:+6281210000002")
			.doesNotContain("Siti");
		assertThat(overflowing).as("pages wider than the viewport").isEmpty();
	}

	private void importFile(Path file, String size, String... counts) throws IOException {
		browser.get(url("/contacts"));
		click(By.id("import-contacts"));
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("file")));
		check("import-choose-" + size);
		browser.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
		click(By.id("upload"));
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-counts")));
		check("import-preview-" + size);
		assertThat(browser.findElement(By.id("import-counts")).getText()).contains(counts);
		click(By.id("confirm-import"));
		wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("import-outcome"), "Import finished."));
		check("import-result-" + size);
	}

	private Path download(String extension) throws IOException {
		Path[] found = new Path[1];
		wait.until((driver) -> {
			try (Stream<Path> listed = Files.list(downloads)) {
				found[0] = listed.filter((p) -> p.toString().endsWith(extension)).findFirst().orElse(null);
			}
			catch (IOException ex) {
				return false;
			}
			return found[0] != null;
		});
		return found[0];
	}

	private void check(String name) throws IOException {
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
