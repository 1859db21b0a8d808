package com.whiskeysocket.crm.imports;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;
import com.whiskeysocket.crm.testsupport.RetainedHeap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 100,000-row file imported on a real MariaDB/MySQL, with the heap the upload, preview
 * and import keep alive measured and bounded: rows go to the database a page at a time,
 * only the numbers seen so far stay in memory.
 */
@MySqlIntegrationTest
class ImportMySqlIntegrationTests {

	private static final int ROWS = 100_000;

	private static final int EXISTING = 1_000;

	private static final int DUPLICATES = 500;

	private static final int INVALID = 500;

	/**
	 * What a 100,000-row import may keep alive, far below the rows' own size as objects.
	 */
	private static final long HEAP_BOUND = 48L * 1024 * 1024;

	@Autowired
	private ImportService imports;

	@Autowired
	private JdbcTemplate jdbc;

	@TempDir
	private Path dir;

	@Test
	void importsAHundredThousandRowsWithBoundedMemory() throws Exception {
		jdbc.update("DELETE FROM import_uploads");
		jdbc.update("DELETE FROM sync_runs");
		jdbc.update("DELETE FROM sync_accounts");
		jdbc.update("DELETE FROM contacts");
		long admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		jdbc.batchUpdate(
				"INSERT INTO contacts (name, phone, source, lead_status, name_edited, created_at, updated_at) "
						+ "VALUES (?, ?, 'whatsapp', 'new', FALSE, NOW(6), NOW(6))",
				java.util.stream.IntStream.range(0, EXISTING)
					.mapToObj((i) -> new Object[] { "WA " + i, "62812" + (10_000_000 + i) })
					.toList());
		Path file = writeFile();

		RetainedHeap heap = RetainedHeap.start(250);
		Instant started = Instant.now();
		long uploadId;
		try (InputStream in = Files.newInputStream(file)) {
			uploadId = imports.upload(admin, "hundred-thousand.csv", Files.size(file), in);
		}
		Duration preview = Duration.between(started, Instant.now());
		ImportUploads.Upload upload = imports.find(uploadId, admin).orElseThrow();
		imports.confirm(uploadId, admin);
		Map<String, Object> run = awaitRun();
		Duration total = Duration.between(started, Instant.now());
		long retained = heap.stop();

		System.out.printf(
				"%n100,000-row import on %s: file %,d bytes, preview %,d ms, preview + import %,d ms, "
						+ "heap kept alive at most %,d KiB above %,d KiB%n%n",
				jdbc.queryForObject("SELECT VERSION()", String.class), Files.size(file), preview.toMillis(),
				total.toMillis(), retained / 1024, heap.baseline() / 1024);
		int unique = ROWS - DUPLICATES - INVALID;
		assertThat(upload.counts())
			.isEqualTo(new PreviewCounts(ROWS, unique - EXISTING, EXISTING, 0, DUPLICATES, 0, INVALID));
		assertThat(run).containsEntry("status", "succeeded")
			.containsEntry("provider", "import")
			.containsEntry("added", unique - EXISTING)
			.containsEntry("merged", EXISTING)
			.containsEntry("duplicates", DUPLICATES)
			.containsEntry("skipped_invalid_phone", INVALID)
			.containsEntry("total", ROWS);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isEqualTo(unique);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts WHERE email IS NOT NULL", Integer.class))
			.isEqualTo(unique);
		assertThat(retained).as("heap kept alive by a 100,000-row import").isLessThan(HEAP_BOUND);
	}

	/**
	 * Semicolons as Indonesian Excel writes them; the first rows complete WhatsApp
	 * contacts, some repeat an earlier number, some are not numbers.
	 */
	private Path writeFile() throws Exception {
		Path file = dir.resolve("hundred-thousand.csv");
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("\uFEFFNama;No HP;Email;Perusahaan\r\n");
			int number = 0;
			for (int i = 0; i < ROWS; i++) {
				String phone;
				if (i % 200 == 199) {
					phone = "12345";
				}
				else if (i % 200 == 99) {
					phone = "0812" + (10_000_000 + i / 2);
				}
				else {
					phone = "0812" + (10_000_000 + number++);
				}
				out.write("Pelanggan " + i + ";" + phone + ";pelanggan" + i + "@example.com;PT Contoh " + (i % 97)
						+ "\r\n");
			}
		}
		return file;
	}

	private Map<String, Object> awaitRun() throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
		while (Instant.now().isBefore(deadline)) {
			Map<String, Object> run = jdbc.queryForMap("SELECT provider, status, added, merged, unchanged, duplicates, "
					+ "skipped_no_phone, skipped_invalid_phone, total FROM sync_runs ORDER BY id DESC LIMIT 1");
			if (!"running".equals(run.get("status"))) {
				return run;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("the import did not finish in 10 minutes");
	}

}
