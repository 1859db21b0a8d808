package com.whiskeysocket.crm.contacts;

import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;
import com.whiskeysocket.crm.testsupport.RetainedHeap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100,000 contacts exported on a real MariaDB/MySQL as CSV and as vCard, with the heap
 * the export keeps alive measured and bounded: one page of 1,000 rows at a time.
 */
@MySqlIntegrationTest
class ContactExportMySqlIntegrationTests {

	private static final int CONTACTS = 100_000;

	/** Far below the 100,000 rows' own size as objects (tens of MiB). */
	private static final long HEAP_BOUND = 16L * 1024 * 1024;

	@Autowired
	private ContactExport export;

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeEach
	void hundredThousandContacts() {
		jdbc.update("DELETE FROM contacts");
		List<Object[]> batch = new ArrayList<>();
		for (int i = 0; i < CONTACTS; i++) {
			batch.add(new Object[] { "Pelanggan " + i, "62812" + (10_000_000 + i), "pelanggan" + i + "@example.com",
					"PT Contoh " + (i % 97) });
			if (batch.size() == 5_000) {
				insert(batch);
			}
		}
		insert(batch);
	}

	@Test
	void exportsAHundredThousandContactsAsCsvAndVcardWithBoundedMemory() throws Exception {
		ContactSelections.Selection all = new ContactSelections.Selection(List.of(), true,
				ContactSearch.from(new ContactSearch.Filters(null, null, null, null, null, null), 1));
		for (ContactExport.Format format : ContactExport.Format.values()) {
			CountingStream out = new CountingStream();
			RetainedHeap heap = RetainedHeap.start(250);
			Instant started = Instant.now();
			long count = export.export(all, format, out);
			long millis = Duration.between(started, Instant.now()).toMillis();
			long retained = heap.stop();

			System.out.printf(
					"%n100,000-contact %s export: %,d bytes, %,d lines, %,d ms, heap kept alive at most "
							+ "%,d KiB above %,d KiB%n%n",
					format, out.bytes, out.lines, millis, retained / 1024, heap.baseline() / 1024);
			assertThat(count).isEqualTo(CONTACTS);
			// a card: BEGIN, VERSION, FN, N, TEL, EMAIL, ORG, END
			assertThat(out.lines).isEqualTo((format == ContactExport.Format.CSV) ? CONTACTS + 1 : CONTACTS * 8L);
			assertThat(retained).as("heap kept alive by a 100,000-contact export").isLessThan(HEAP_BOUND);
		}
	}

	private void insert(List<Object[]> batch) {
		jdbc.batchUpdate("INSERT INTO contacts (name, phone, email, company, source, lead_status, name_edited, "
				+ "created_at, updated_at) VALUES (?, ?, ?, ?, 'manual', 'new', TRUE, NOW(6), NOW(6))", batch);
		batch.clear();
	}

	/** Counts what is written and forgets it, as a client reading the download would. */
	private static final class CountingStream extends OutputStream {

		long bytes;

		long lines;

		@Override
		public void write(int b) {
			bytes++;
			lines += (b == '\n') ? 1 : 0;
		}

		@Override
		public void write(byte[] b, int off, int len) {
			bytes += len;
			for (int i = off; i < off + len; i++) {
				lines += (b[i] == '\n') ? 1 : 0;
			}
		}

	}

}
