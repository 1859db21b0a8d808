package com.whiskeysocket.crm.connections;

import java.util.Base64;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V6 moves every Outlook connection of {@code outlook_tokens} into
 * {@code oauth_connections}, still readable with the key it was sealed with.
 */
class ConnectionsMigrationTests {

	private static final String KEY = Base64.getEncoder().encodeToString("fake-key-fake-key-fake-key-fake!".getBytes());

	@Test
	void outlookConnectionsMoveWithTheirTokensStillReadable() {
		JdbcDataSource database = new JdbcDataSource();
		database.setURL("jdbc:h2:mem:migration-" + System.nanoTime()
				+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1");
		database.setUser("sa");
		JdbcTemplate jdbc = new JdbcTemplate(database);
		Flyway.configure().dataSource(database).locations("classpath:db/migration").target("5").load().migrate();
		jdbc.update("INSERT INTO staff_users (username, display_name, password_hash) VALUES ('sari', 'Sari', 'x')");
		long staffId = jdbc.queryForObject("SELECT id FROM staff_users", Long.class);
		TokenCipher cipher = new TokenCipher(EncryptionKeys.parse(KEY));
		String access = cipher.encrypt("fake-access-token", "outlook_tokens:" + staffId + ":access");
		String refresh = cipher.encrypt("fake-refresh-token", "outlook_tokens:" + staffId + ":refresh");
		jdbc.update("INSERT INTO outlook_tokens (staff_user_id, principal_name, account, access_token, refresh_token, "
				+ "scope, needs_reconnect) VALUES (?, 'sari', 'sari@example.test', ?, ?, 'Contacts.Read', FALSE)",
				staffId, access, refresh);

		Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();

		Map<String, Object> moved = jdbc.queryForMap("SELECT * FROM oauth_connections");
		assertThat(moved).containsEntry("provider", "microsoft")
			.containsEntry("principal_name", "sari")
			.containsEntry("account", "sari@example.test")
			.containsEntry("needs_reconnect", false);
		assertThat(
				cipher.decrypt((String) moved.get("access_token"), TokenStore.context("microsoft", staffId, "access")))
			.isEqualTo("fake-access-token");
		assertThat(cipher.decrypt((String) moved.get("refresh_token"),
				TokenStore.context("microsoft", staffId, "refresh")))
			.isEqualTo("fake-refresh-token");
		assertThat(jdbc.queryForObject(
				"SELECT COUNT(*) FROM information_schema.tables WHERE table_name = " + "'outlook_tokens'",
				Integer.class))
			.isZero();
	}

}
