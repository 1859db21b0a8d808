package com.whiskeysocket.crm.contacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;
import com.whiskeysocket.crm.testsupport.SqlStatements;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Issue 22.6: the Contacts page with Google and Outlook connected (write access granted,
 * write-back on, runs and failures recorded) sends a bounded number of SQL statements,
 * the sync panels' state read once per kind of state, not once per provider and field.
 */
@MySqlIntegrationTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
@Import(SqlStatements.Recording.class)
@TestPropertySource(properties = { "crm.google.client-id=page-test.apps.googleusercontent.com",
		"crm.google.client-secret=page-test-secret", "crm.google.authorization-uri=http://127.0.0.1:9/auth",
		"crm.google.token-uri=http://127.0.0.1:9/token", "crm.google.people-base-url=http://127.0.0.1:9",
		"crm.outlook.client-id=00000000-0000-0000-0000-0000000022a6", "crm.outlook.client-secret=page-test-secret",
		"crm.outlook.authority-host=http://127.0.0.1:9", "crm.outlook.graph-base-url=http://127.0.0.1:9",
		"crm.outlook.redirect-uri=http://localhost/auth/microsoft/callback" })
class ContactsPageStatementsMySqlIntegrationTests {

	/**
	 * The list's own (8, with the session and the staff list) and the panels', one per
	 * kind of state: 14 when written; 30 before.
	 */
	static final int BOUND = 16;

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private OAuth2AuthorizedClientService clients;

	@Autowired
	private ClientRegistrationRepository registrations;

	@BeforeEach
	void connectedEverywhere() {
		forgetEverything();
		long admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		for (int i = 0; i < 60; i++) {
			String phone = "62812" + String.format("%08d", i);
			jdbc.update("INSERT INTO contacts (name, phone, owner_id) VALUES (?, ?, ?)", "Kontak " + i, phone, admin);
			long id = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = ?", Long.class, phone);
			jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
					+ "VALUES (?, ?, 'mobile', TRUE, CURRENT_TIMESTAMP(6))", phone, id);
		}
		long first = jdbc.queryForObject("SELECT MIN(id) FROM contacts", Long.class);
		connect("google", Set.of("https://www.googleapis.com/auth/contacts.readonly",
				"https://www.googleapis.com/auth/contacts"));
		connect("microsoft",
				Set.of("offline_access", "http://127.0.0.1:9/Contacts.Read", "http://127.0.0.1:9/Contacts.ReadWrite"));
		for (String provider : List.of("google", "outlook")) {
			jdbc.update("INSERT INTO write_back_settings (staff_user_id, provider, enabled, scope, updated_at) "
					+ "VALUES (?, ?, TRUE, 'owned', CURRENT_TIMESTAMP(6))", admin, provider);
			jdbc.update("INSERT INTO write_back_outbox (staff_user_id, provider, contact_id, failed, last_error, "
					+ "created_at, due_at) VALUES (?, ?, ?, TRUE, ?, CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6))",
					admin, provider, first, provider + "_throttled");
			jdbc.update(
					"INSERT INTO write_back_outbox (staff_user_id, provider, contact_id, failed, "
							+ "created_at, due_at) VALUES (?, ?, ?, FALSE, CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6))",
					admin, provider, first + 1);
			jdbc.update("INSERT INTO sync_runs (staff_user_id, provider, trigger_type, status, started_at, "
					+ "finished_at) VALUES (?, ?, 'manual', 'succeeded', CURRENT_TIMESTAMP(6) - INTERVAL 5 MINUTE, "
					+ "CURRENT_TIMESTAMP(6) - INTERVAL 4 MINUTE)", admin, provider);
		}
	}

	@Test
	void theContactsPageReadsThePanelsOncePerKindOfState() throws Exception {
		mvc.perform(get("/contacts")).andExpect(status().isOk());
		SqlStatements.clear();
		mvc.perform(get("/contacts"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("google-write-back-toggle")))
			.andExpect(content().string(containsString("outlook-write-back-toggle")))
			.andExpect(content().string(containsString("outlook-write-back-failed")))
			.andExpect(content().string(containsString("Kontak 59")));
		// MockMvc serves the request on this thread; the schedulers' statements are not
		// the page's
		List<String> sent = SqlStatements.sentHere();
		System.out.println("Contacts page with both panels connected: " + sent.size() + " SQL statements\n"
				+ String.join("\n", sent));
		assertThat(sent).as(String.join("\n", sent)).hasSizeLessThanOrEqualTo(BOUND);
	}

	/** Write-back left on would write for the next test class's syncs. */
	@AfterEach
	void forgetEverything() {
		for (String table : List.of("write_back_outbox", "write_back_copies", "write_back_settings", "contact_phones",
				"contacts", "oauth_connections", "sync_runs")) {
			jdbc.update("DELETE FROM " + table);
		}
	}

	private void connect(String registration, Set<String> scopes) {
		Instant expiresAt = Instant.now().plusSeconds(3600);
		clients.saveAuthorizedClient(
				new OAuth2AuthorizedClient(registrations.findByRegistrationId(registration), "admin",
						new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "fake-access-" + registration,
								expiresAt.minusSeconds(60), expiresAt, scopes),
						new OAuth2RefreshToken("fake-refresh-" + registration, null)),
				UsernamePasswordAuthenticationToken.authenticated("admin", null, new ArrayList<>()));
	}

}
