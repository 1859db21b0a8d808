package com.whiskeysocket.crm.connections;

import java.util.Base64;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.CrmApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code CRM_ENCRYPTION_KEY} rotated with the old key in
 * {@code CRM_ENCRYPTION_PREVIOUS_KEYS}: connections keep working and are sealed again
 * with the new key at startup; a key that opens nothing shows "reconnect needed" as soon
 * as the application is up, not at the first sync.
 */
class KeyRotationIntegrationTests {

	private static final String OLD_KEY = key("old-key-old-key-old-key-old-key!");

	private static final String NEW_KEY = key("new-key-new-key-new-key-new-key!");

	private static final String UNRELATED_KEY = key("xyz-key-xyz-key-xyz-key-xyz-key!");

	private final String url = "jdbc:h2:mem:rotation-" + System.nanoTime()
			+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";

	private JdbcTemplate jdbc;

	private long staffId;

	@BeforeEach
	void outlookConnectedUnderTheOldKey() {
		JdbcDataSource database = new JdbcDataSource();
		database.setURL(url);
		database.setUser("sa");
		Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
		jdbc = new JdbcTemplate(database);
		jdbc.update("INSERT INTO staff_users (username, display_name, password_hash, role) "
				+ "VALUES ('sari', 'Sari', '{noop}unused-password', 'ADMIN')");
		staffId = jdbc.queryForObject("SELECT id FROM staff_users", Long.class);
		TokenCipher old = new TokenCipher(EncryptionKeys.parse(OLD_KEY));
		jdbc.update("INSERT INTO oauth_connections (staff_user_id, provider, principal_name, account, access_token, "
				+ "refresh_token, access_token_issued_at, access_token_expires_at, scope) VALUES (?, 'microsoft', "
				+ "'sari', 'sari@example.test', ?, ?, ?, ?, 'Contacts.Read')", staffId,
				old.encrypt("fake-access-token", TokenStore.context("microsoft", staffId, "access")),
				old.encrypt("fake-refresh-token", TokenStore.context("microsoft", staffId, "refresh")),
				java.time.LocalDateTime.now().minusMinutes(1), java.time.LocalDateTime.now().plusHours(1));
	}

	@Test
	void tokensUnderAPreviousKeyStayConnectedAndAreSealedAgainWithTheCurrentKey() {
		try (ConfigurableApplicationContext app = start(NEW_KEY, OLD_KEY)) {
			Connections connections = app.getBean(Connections.class);

			assertThat(connections.status(staffId, "microsoft").connected()).isTrue();
			OAuth2AuthorizedClient client = app.getBean(OAuth2AuthorizedClientService.class)
				.loadAuthorizedClient("microsoft", "sari");
			assertThat(client.getAccessToken().getTokenValue()).isEqualTo("fake-access-token");
			assertThat(client.getRefreshToken().getTokenValue()).isEqualTo("fake-refresh-token");
		}
		// sealed again at startup: the new key alone opens both tokens now
		TokenCipher current = new TokenCipher(EncryptionKeys.parse(NEW_KEY));
		assertThat(current.decrypt(stored("access_token"), TokenStore.context("microsoft", staffId, "access")))
			.isEqualTo("fake-access-token");
		assertThat(current.decrypt(stored("refresh_token"), TokenStore.context("microsoft", staffId, "refresh")))
			.isEqualTo("fake-refresh-token");
		assertThatExceptionOfType(TokenCipher.UndecryptableTokenException.class)
			.isThrownBy(() -> new TokenCipher(EncryptionKeys.parse(OLD_KEY)).decrypt(stored("access_token"),
					TokenStore.context("microsoft", staffId, "access")));
	}

	@Test
	void tokensNoConfiguredKeyOpensShowReconnectNeededAsSoonAsTheAppIsUp() {
		try (ConfigurableApplicationContext app = start(UNRELATED_KEY, null)) {
			ConnectionStatus status = app.getBean(Connections.class).status(staffId, "microsoft");

			assertThat(status.connected()).isFalse();
			assertThat(status.needsReconnect()).isTrue();
		}
		assertThat(stored("refresh_token")).isNull();
	}

	private String stored(String column) {
		return jdbc.queryForObject("SELECT " + column + " FROM oauth_connections", String.class);
	}

	private ConfigurableApplicationContext start(String key, String previousKeys) {
		return new SpringApplicationBuilder(CrmApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + url, "--crm.outlook.client-id=00000000-0000-0000-0000-0000000c11e0",
				"--crm.outlook.client-secret=fake-client-secret", "--crm.connections.encryption-key=" + key,
				"--crm.connections.previous-encryption-keys=" + ((previousKeys != null) ? previousKeys : ""));
	}

	private static String key(String bytes) {
		return Base64.getEncoder().encodeToString(bytes.getBytes());
	}

}
