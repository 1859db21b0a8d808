package com.whiskeysocket.crm.schema;

import java.util.Arrays;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the Flyway migrations must give on every database we run on. The application
 * context has already migrated and Hibernate has validated the entities against the
 * result.
 */
abstract class SchemaContract {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	Flyway flyway;

	@BeforeEach
	void emptyContacts() {
		jdbc.update("DELETE FROM contacts");
	}

	@Test
	void everyMigrationRanSuccessfully() {
		List<String> versions = Arrays.stream(flyway.info().applied())
			.filter((migration) -> migration.getState().isApplied() && !migration.getState().isFailed())
			.map((migration) -> migration.getVersion().getVersion())
			.toList();
		assertThat(versions).startsWith("1", "2");
		assertThat(flyway.info().pending()).isEmpty();
	}

	@Test
	void sourceDefaultsToWhatsapp() {
		jdbc.update("INSERT INTO contacts (name, phone) VALUES ('Rina', '6281234567890')");
		assertThat(jdbc.queryForObject("SELECT source FROM contacts", String.class)).isEqualTo("whatsapp");
		assertThat(jdbc.queryForObject("SELECT lead_status FROM contacts", String.class)).isEqualTo("new");
	}

	/**
	 * Since V19 a number is unique in contact_phones (issue 18: a contact has many
	 * numbers; contacts.phone is only the denormalized primary and may be absent).
	 */
	@Test
	void aNumberBelongsToOneContactAndAContactHasOnePrimaryNumber() {
		jdbc.update("INSERT INTO contacts (id, name, phone) VALUES (1, 'Rina', '6281234567890'), (2, 'Other', NULL)");
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, is_primary, created_at) "
				+ "VALUES ('6281234567890', 1, TRUE, CURRENT_TIMESTAMP), ('6281234567891', 1, FALSE, CURRENT_TIMESTAMP), "
				+ "('6281234567892', 1, FALSE, CURRENT_TIMESTAMP)");
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> jdbc.update("INSERT INTO contact_phones (phone, contact_id, is_primary, created_at) "
					+ "VALUES ('6281234567890', 2, FALSE, CURRENT_TIMESTAMP)"));
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> jdbc.update("UPDATE contact_phones SET is_primary = TRUE WHERE phone = '6281234567891'"));
		jdbc.update("INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at) "
				+ "VALUES ('6281234567890', 'manual', 0, CURRENT_TIMESTAMP)");
		jdbc.update("DELETE FROM contact_phones WHERE phone = '6281234567890'");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_phone_sources", Integer.class)).isZero();
	}

	@Test
	void emailsMatchByKeyAndAnIdentityFeedsOneContact() {
		long staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		jdbc.update("INSERT INTO contacts (id, name, phone) VALUES (1, 'Rina', NULL), (2, 'Budi', NULL)");
		jdbc.update("INSERT INTO contact_emails (contact_id, email_key, email, is_primary, created_at) VALUES "
				+ "(1, 'rina@example.com', 'Rina@Example.com', TRUE, CURRENT_TIMESTAMP), "
				+ "(2, 'rina@example.com', 'rina@example.com', TRUE, CURRENT_TIMESTAMP)");
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> jdbc.update("INSERT INTO contact_emails (contact_id, email_key, email, created_at) "
					+ "VALUES (1, 'rina@example.com', 'RINA@example.com', CURRENT_TIMESTAMP)"));
		String link = "INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, first_seen_at, "
				+ "last_seen_at) VALUES (?, ?, 'whatsapp', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)";
		jdbc.update(link, 1, staffId, "6281234567890@s.whatsapp.net");
		jdbc.update(link, 1, staffId, "12345678901234@lid");
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> jdbc.update(link, 2, staffId, "12345678901234@lid"));
	}

	@Test
	void sourceTakesOutlookAfterV2AndNothingOutsideTheEnum() {
		jdbc.update(
				"INSERT INTO contacts (name, phone, source, outlook_contact_id) VALUES ('A', '1', 'outlook', 'AAMk=')");
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('B', '2', 'both')");
		assertThat(jdbc.queryForList("SELECT source FROM contacts ORDER BY phone", String.class))
			.containsExactly("outlook", "both");
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('C', '3', 'fax')"));
	}

	@Test
	void fourByteCharactersAndLongNamesAreStoredIntact() {
		String name = "Budi 😀 \u202Eעברית\u202C " + "x".repeat(300);
		jdbc.update("INSERT INTO contacts (name, phone) VALUES (?, '6281100000000')", name);
		assertThat(jdbc.queryForObject("SELECT name FROM contacts", String.class)).isEqualTo(name);
	}

	@Test
	void connectionsBelongToOneStaffUserEachPerProvider() {
		long staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		jdbc.update("DELETE FROM oauth_connections");
		jdbc.update("INSERT INTO oauth_connections (staff_user_id, provider, principal_name, access_token) "
				+ "VALUES (?, 'microsoft', 'admin', 'x')", staffId);
		jdbc.update("INSERT INTO oauth_connections (staff_user_id, provider, principal_name, access_token) "
				+ "VALUES (?, 'google', 'admin', 'x')", staffId);
		assertThatExceptionOfType(DuplicateKeyException.class)
			.isThrownBy(() -> jdbc.update("INSERT INTO oauth_connections (staff_user_id, provider, principal_name, "
					+ "access_token) VALUES (?, 'microsoft', 'admin2', 'y')", staffId));
		jdbc.update("DELETE FROM oauth_connections");
	}

}
