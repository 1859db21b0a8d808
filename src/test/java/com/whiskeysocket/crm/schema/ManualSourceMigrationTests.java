package com.whiskeysocket.crm.schema;

import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration that adds the {@code manual} source relabels only the rows staff typed by
 * hand: no provenance link and a name edited by hand.
 */
class ManualSourceMigrationTests {

	@Test
	void rowsTypedByHandBecomeManualAndSyncedRowsKeepTheirSource() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:manual-" + UUID.randomUUID()
						+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
				"sa", "");
		Flyway.configure().dataSource(dataSource).target("5").load().migrate();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.update("INSERT INTO staff_users (id, username, display_name, password_hash) VALUES (1, 'a', 'A', 'x')");
		jdbc.update("INSERT INTO contacts (id, name, phone, source, name_edited) VALUES "
				+ "(1, 'Typed', '6281100000001', 'whatsapp', TRUE), "
				+ "(2, 'Linked, renamed', '6281100000002', 'whatsapp', TRUE), "
				+ "(3, 'WhatsApp as is', '6281100000003', 'whatsapp', FALSE), "
				+ "(4, 'Outlook renamed', '6281100000004', 'outlook', TRUE)");
		jdbc.update("INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, first_seen_at, "
				+ "last_seen_at) VALUES (2, 1, 'outlook', 'AAMk-2', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");

		Flyway.configure().dataSource(dataSource).load().migrate();

		assertThat(jdbc.queryForList("SELECT source FROM contacts ORDER BY id", String.class)).containsExactly("manual",
				"whatsapp", "whatsapp", "outlook");
	}

}
