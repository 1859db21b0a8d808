package com.whiskeysocket.crm.contacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.whiskeysocket.crm.staff.StaffPrincipal;
import com.whiskeysocket.crm.testsupport.MySqlDatabaseInitializer;
import com.whiskeysocket.crm.testsupport.RequiresMySqlDatabase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Issue 18's target for the duplicates page: under 200 ms at a million people, on MariaDB
 * ({@code TEST_DATABASE_URL}, which it fills: use a database of its own). Run with
 * {@code ./mvnw -Pbench test -Dtest=DuplicatesBenchmark}; the result goes to
 * {@code target/bench/duplicates.md}.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ExtendWith(RequiresMySqlDatabase.class)
@ContextConfiguration(initializers = MySqlDatabaseInitializer.class)
class DuplicatesBenchmark {

	private static final int PEOPLE = 1_000_000;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private MockMvc mvc;

	@Autowired
	private UserDetailsService users;

	@Test
	void duplicatesPageAtAMillionPeople() throws Exception {
		StaffPrincipal admin = (StaffPrincipal) users.loadUserByUsername("admin");
		long seeded = seedPeople();
		int pairs = seedSuggestions();
		jdbc.execute("ANALYZE TABLE contacts, contact_duplicates");
		long page = median(admin, "/contacts/duplicates");
		long api = median(admin, "/api/contacts/duplicates");
		long later = median(admin, "/contacts/duplicates?after="
				+ jdbc.queryForObject("SELECT MAX(id) - 1000 FROM contact_duplicates", Long.class));
		String report = String.format(Locale.ROOT,
				"| duplicates at %,d people, %,d open suggestions (server time through MVC, median of 15) | ms |%n"
						+ "| --- | ---: |%n| `/contacts/duplicates` (first page) | %.1f |%n"
						+ "| `/contacts/duplicates?after=…` (a later page) | %.1f |%n"
						+ "| `GET /api/contacts/duplicates` | %.1f |%n",
				seeded, pairs, page / 1000.0, later / 1000.0, api / 1000.0);
		Files.createDirectories(Path.of("target", "bench"));
		Files.writeString(Path.of("target", "bench", "duplicates.md"), report);
		System.out.println(report);
		assertThat(page).as("duplicates page, µs").isLessThan(200_000);
		assertThat(api).as("duplicates API, µs").isLessThan(200_000);
	}

	/**
	 * A million people as a CRM collects them, made by the server (MariaDB's sequences).
	 */
	private long seedPeople() {
		long present = jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Long.class);
		if (present != PEOPLE) {
			jdbc.update("DELETE FROM contact_merges");
			jdbc.update("DELETE FROM contacts");
			int chunk = 100_000;
			for (int from = 1; from <= PEOPLE; from += chunk) {
				int to = Math.min(PEOPLE, from + chunk - 1);
				jdbc.update("INSERT INTO contacts (name, phone, email, company, source, lead_status, created_at, "
						+ "updated_at) SELECT CONCAT(ELT(1 + seq % 10, 'Budi','Siti','Agus','Dewi','Rina','Andi',"
						+ "'Putri','Eko','Sari','Joko'), ' ', ELT(1 + (seq DIV 10) % 5, 'Santoso','Wijaya','Pratama',"
						+ "'Kusuma','Lestari')), CONCAT('62853', LPAD(seq, 8, '0')), "
						+ "CONCAT('kontak', seq DIV 2, '@example.com'), IF(seq % 3 = 0, 'PT Contoh', NULL), "
						+ "IF(seq % 2 = 0, 'whatsapp', 'outlook'), 'new', NOW(6) - INTERVAL seq SECOND, "
						+ "NOW(6) - INTERVAL seq SECOND FROM seq_" + from + "_to_" + to);
			}
		}
		return jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Long.class);
	}

	/**
	 * One suggestion in 50 people (the same email), one in 1,000 a third person by name,
	 * one in 10 of them dismissed.
	 */
	private int seedSuggestions() {
		jdbc.update("DELETE FROM contact_duplicates");
		jdbc.update("INSERT INTO contact_duplicates (contact_a, contact_b, reason, detail, created_at, dismissed_at) "
				+ "SELECT a.id, b.id, 'email', a.email, NOW(6), IF(a.id % 500 = 0, NOW(6), NULL) FROM contacts a "
				+ "JOIN contacts b ON b.id = a.id + 1 WHERE a.id % 50 = 0");
		jdbc.update("INSERT INTO contact_duplicates (contact_a, contact_b, reason, detail, created_at) "
				+ "SELECT a.id, b.id, 'name', a.name, NOW(6) FROM contacts a JOIN contacts b ON b.id = a.id + 2 "
				+ "WHERE a.id % 1000 = 0");
		return jdbc.queryForObject("SELECT COUNT(*) FROM contact_duplicates WHERE dismissed_at IS NULL", Integer.class);
	}

	private long median(StaffPrincipal admin, String url) throws Exception {
		for (int i = 0; i < 20; i++) {
			mvc.perform(get(url).with(user(admin))).andExpect(status().isOk());
		}
		long[] times = new long[15];
		for (int i = 0; i < times.length; i++) {
			long started = System.nanoTime();
			mvc.perform(get(url).with(user(admin))).andExpect(status().isOk());
			times[i] = (System.nanoTime() - started) / 1_000;
		}
		Arrays.sort(times);
		return times[times.length / 2];
	}

}
