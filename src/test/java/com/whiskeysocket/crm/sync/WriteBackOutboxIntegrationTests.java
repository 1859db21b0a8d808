package com.whiskeysocket.crm.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write-back outbox on the embedded H2 (MySQL mode): its upserts, its claim (SKIP
 * LOCKED or the plain-lock fallback) and its coalescing work there too.
 */
@SpringBootTest
@Import(WriteBackAcrossNodesMySqlIntegrationTests.Writer.class)
@TestPropertySource(properties = { "crm.write-back.tick=50ms", "crm.write-back.coalesce=500ms",
		"crm.google.client-id=000000000000-fake.apps.googleusercontent.com",
		"crm.google.client-secret=fake-google-client-secret", "crm.google.token-uri=http://127.0.0.1:9/token",
		"crm.google.people-base-url=http://127.0.0.1:9" })
class WriteBackOutboxIntegrationTests {

	private static final MemoryAddressBook BOOK = MemoryAddressBook.BOOK;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private WriteBack writeBack;

	@Autowired
	private WriteBackOutbox outbox;

	@Autowired
	private ClientRegistrationRepository registrations;

	@Autowired
	private OAuth2AuthorizedClientService clients;

	private long admin;

	@BeforeEach
	void clean() {
		for (String table : List.of("write_back_outbox", "write_back_copies", "write_back_settings", "contact_phones",
				"contacts", "oauth_connections")) {
			jdbc.update("DELETE FROM " + table);
		}
		BOOK.reset();
		admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
	}

	@Test
	void ownedContactsAreWrittenOnceAndTenChangesInTheWindowAreOneWrite() throws Exception {
		connect();
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String phone = "628120000000" + i;
			jdbc.update("INSERT INTO contacts (name, phone, owner_id) VALUES (?, ?, ?)", "Rina " + i, phone, admin);
			long id = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = ?", Long.class, phone);
			jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
					+ "VALUES (?, ?, 'mobile', TRUE, CURRENT_TIMESTAMP(6))", phone, id);
			ids.add(id);
		}
		jdbc.update("INSERT INTO contacts (name, phone) VALUES ('Nobody''s', '6281299999999')");

		writeBack.change(admin, SyncProvider.WHATSAPP, true, "owned", null);
		await(() -> BOOK.people.size() == 5 && writeBack.state(admin, SyncProvider.WHATSAPP).pending() == 0);

		jdbc.update("UPDATE contacts SET company = 'PT Baru' WHERE id = ?", ids.get(0));
		for (int i = 0; i < 10; i++) {
			outbox.contactsChanged(List.of(ids.get(0)), true);
		}
		assertThat(writeBack.state(admin, SyncProvider.WHATSAPP).pending()).isOne();
		await(() -> BOOK.updates.containsKey(ids.get(0))
				&& writeBack.state(admin, SyncProvider.WHATSAPP).pending() == 0);
		Thread.sleep(300);

		assertThat(BOOK.updates.get(ids.get(0)).get()).isOne();
		assertThat(BOOK.creates.values()).allMatch((count) -> count.get() == 1);
		assertThat(BOOK.people.values()).extracting((p) -> p.entry().note())
			.allMatch((note) -> note.startsWith("Whiskeysocket CRM: http://localhost:"));
	}

	private void connect() {
		Instant expiresAt = Instant.now().plusSeconds(3600);
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(registrations.findByRegistrationId("google"),
				"admin",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "fake-access-admin",
						expiresAt.minusSeconds(60), expiresAt, Set.of("https://www.googleapis.com/auth/contacts")),
				new OAuth2RefreshToken("fake-refresh-admin", null));
		clients.saveAuthorizedClient(client,
				UsernamePasswordAuthenticationToken.authenticated("admin", null, new ArrayList<>()));
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		Instant end = Instant.now().plus(Duration.ofSeconds(30));
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("waited 30 s").isBefore(end);
			Thread.sleep(50);
		}
	}

}
