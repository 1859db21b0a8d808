package com.whiskeysocket.crm.schema;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V19 (issue 18) moves today's contacts into numbers, emails and their sources without
 * losing anything: a contact of every source, before and after.
 */
abstract class PeopleMigrationContract {

	private static final String CONTACT = "SELECT id, name, phone, email, company, source, lead_status, notes, "
			+ "owner_id, name_edited, version, created_at, updated_at, outlook_contact_id, google_contact_id, "
			+ "outlook_removed_at, google_removed_at FROM contacts ORDER BY id";

	/** An empty database. */
	abstract DataSource emptyDatabase();

	@Test
	void everyContactKeepsItsRowAndGetsItsNumberEmailAndSources() {
		DataSource dataSource = emptyDatabase();
		Flyway.configure().dataSource(dataSource).target("18").load().migrate();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.update("INSERT INTO staff_users (id, username, display_name, password_hash) VALUES "
				+ "(1, 'rina', 'Rina', 'x'), (2, 'budi', 'Budi', 'x')");
		String insert = "INSERT INTO contacts (id, name, phone, email, company, source, lead_status, notes, owner_id, "
				+ "name_edited, version, outlook_contact_id, google_contact_id, outlook_removed_at, created_at, "
				+ "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
				+ "TIMESTAMP '2026-01-02 03:04:05.123456', TIMESTAMP '2026-02-03 04:05:06.654321')";
		// typed by hand, with everything a person can set
		jdbc.update(insert, 1, "Typed  Person", "6281100000001", "Rina@Example.com", null, "manual", "won", "likes tea",
				1, true, 3, null, null, null);
		// imported from a file by Budi
		jdbc.update(insert, 2, "Imported", "6281100000002", null, "PT  Maju", "manual", "new", null, 2, false, 0, null,
				null, null);
		jdbc.update(insert, 3, "From WhatsApp", "6281100000003", null, null, "whatsapp", "contacted", null, null, false,
				1, null, null, null);
		// in two mailboxes
		jdbc.update(insert, 4, "José Outlook", "6281100000004", null, "Acme", "outlook", "new", null, 1, false, 2,
				"AAMk-4", null, null);
		jdbc.update(insert, 5, "From Google", "6281100000005", "g@example.com", null, "google", "qualified", null, 2,
				false, 5, null, "people/c5", null);
		jdbc.update(insert, 6, "Both", "6281100000006", null, null, "both", "lost", null, null, false, 7, "AAMk-6",
				null, null);
		// deleted in Outlook, kept here, no link left
		jdbc.update(insert, 7, "Outlook gone", "6281100000007", null, null, "outlook", "new", null, null, false, 4,
				null, null, "2026-03-01 00:00:00");
		// from WhatsApp before links were recorded
		jdbc.update(insert, 8, "Old WhatsApp", "6281100000008", null, null, "whatsapp", "new", null, null, false, 0,
				null, null, null);
		// a second contact fed by the same Outlook entry of Rina's mailbox, seen earlier
		jdbc.update(insert, 9, "Stale", "6281100000009", null, null, "outlook", "new", null, null, false, 0, null, null,
				null);
		String link = "INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, change_key, "
				+ "folder_id, first_seen_at, last_seen_at, last_seen_run_id) VALUES (?, ?, ?, ?, ?, ?, "
				+ "TIMESTAMP '2026-01-05 00:00:00', ?, NULL)";
		jdbc.update(link, 3, 1, "whatsapp", "6281100000003@s.whatsapp.net", null, null, "2026-04-01 00:00:00");
		jdbc.update(link, 4, 1, "outlook", "AAMk-4", "ck4", "folder-1", "2026-04-01 00:00:00");
		jdbc.update(link, 4, 2, "outlook", "AAMk-4b", "ck4b", null, "2026-04-01 00:00:00");
		jdbc.update(link, 5, 2, "google", "people/c5", "etag5", null, "2026-04-01 00:00:00");
		jdbc.update(link, 6, 1, "outlook", "AAMk-6", null, null, "2026-04-01 00:00:00");
		jdbc.update(link, 6, 2, "whatsapp", "6281100000006@s.whatsapp.net", null, null, "2026-04-01 00:00:00");
		jdbc.update(link, 9, 1, "outlook", "AAMk-4", null, null, "2026-03-01 00:00:00");
		jdbc.update("INSERT INTO contact_notes (contact_id, author_id, author_name, body, created_at) "
				+ "VALUES (1, 1, 'Rina', 'Called', TIMESTAMP '2026-01-03 00:00:00')");
		List<Map<String, Object>> before = jdbc.queryForList(CONTACT);
		List<Map<String, Object>> notesBefore = jdbc.queryForList("SELECT * FROM contact_notes ORDER BY id");

		Flyway.configure().dataSource(dataSource).load().migrate();

		assertThat(jdbc.queryForList(CONTACT)).isEqualTo(before);
		assertThat(jdbc.queryForList("SELECT * FROM contact_notes ORDER BY id")).isEqualTo(notesBefore);
		assertThat(jdbc.queryForList("SELECT contact_id FROM contact_phones WHERE is_primary = TRUE ORDER BY phone",
				Long.class))
			.containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
		assertThat(jdbc.queryForList("SELECT COUNT(*) FROM contact_phones p JOIN contacts c ON c.id = p.contact_id "
				+ "AND c.phone = p.phone", Long.class))
			.containsExactly(9L);
		assertThat(jdbc.queryForList("SELECT phone FROM contact_phones WHERE label = 'mobile' ORDER BY phone",
				String.class))
			.containsExactly("6281100000003", "6281100000006", "6281100000008");
		assertThat(jdbc.queryForList("SELECT CONCAT(RIGHT(phone, 1), ' ', source, ' ', staff_user_id) FROM "
				+ "contact_phone_sources ORDER BY phone, source, staff_user_id", String.class))
			.containsExactly("1 manual 0", "2 manual 0", "3 whatsapp 1", "4 outlook 1", "4 outlook 2", "5 google 2",
					"6 outlook 1", "6 whatsapp 2", "7 outlook 0", "8 whatsapp 0", "9 outlook 0");
		assertThat(jdbc.queryForList(
				"SELECT CONCAT(contact_id, ' ', email_key, ' ', email, ' ', CASE WHEN is_primary THEN 'P' ELSE '-' END) FROM "
						+ "contact_emails ORDER BY contact_id",
				String.class))
			.containsExactly("1 rina@example.com Rina@Example.com P", "5 g@example.com g@example.com P");
		assertThat(jdbc.queryForList("SELECT CONCAT(contact_id, ' ', source, ' ', staff_user_id) FROM "
				+ "contact_email_sources ORDER BY contact_id", String.class))
			.containsExactly("1 manual 0", "5 google 2");
		// every identity stays, but one entry feeds one contact: the one seen last
		assertThat(jdbc.queryForList("SELECT CONCAT(contact_id, ' ', staff_user_id, ' ', provider, ' ', external_id, "
				+ "' ', COALESCE(change_key, '-'), ' ', COALESCE(folder_id, '-')) FROM contact_links "
				+ "ORDER BY contact_id, staff_user_id", String.class))
			.containsExactly("3 1 whatsapp 6281100000003@s.whatsapp.net - -", "4 1 outlook AAMk-4 ck4 folder-1",
					"4 2 outlook AAMk-4b ck4b -", "5 2 google people/c5 etag5 -", "6 1 outlook AAMk-6 - -",
					"6 2 whatsapp 6281100000006@s.whatsapp.net - -");
		assertThat(jdbc.queryForObject("SELECT name_key FROM contacts WHERE id = 2", String.class))
			.isEqualTo("imported | pt maju");
		assertThat(jdbc.queryForObject("SELECT name_key FROM contacts WHERE id = 1", String.class))
			.isEqualTo("typed person | ");
	}

}
