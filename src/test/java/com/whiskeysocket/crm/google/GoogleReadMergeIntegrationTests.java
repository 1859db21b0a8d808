package com.whiskeysocket.crm.google;

import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.whiskeysocket.crm.sync.WriteBackOutbox;
import com.whiskeysocket.crm.testsupport.WriteBackFixtures;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The read side of the three-way merge, as a table: a contact the CRM wrote into Google
 * Contacts is changed on the phone, in the CRM, or on both, and a Google sync reads the
 * phone's change before the CRM's change is written (the outbox waits an hour here). A
 * field changed on one side only takes that side's value; changed on both, the CRM's
 * value wins if a person typed it (the contacts API), else Google's; the value that lost
 * is shown on the contact's page. Then the outbox is worked: the copy ends up as the CRM
 * has the contact, and a second sync changes nothing.
 */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
@TestPropertySource(
		properties = { "crm.write-back.tick=50ms", "crm.write-back.coalesce=1h", "crm.write-back.retry-backoff=200ms" })
class GoogleReadMergeIntegrationTests {

	static final PeopleStandIn GOOGLE = new PeopleStandIn();

	static final WireMockServer SERVER = new WireMockServer(options().dynamicPort().extensions(GOOGLE));

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static {
		SERVER.start();
		SERVER.stubFor(any(urlPathMatching("/v1/.*")).willReturn(aResponse().withTransformers(PeopleStandIn.NAME)));
	}

	@DynamicPropertySource
	static void google(DynamicPropertyRegistry registry) {
		registry.add("crm.google.client-id", () -> GoogleStub.CLIENT_ID);
		registry.add("crm.google.client-secret", () -> GoogleStub.CLIENT_SECRET);
		registry.add("crm.google.authorization-uri", () -> SERVER.baseUrl() + "/o/oauth2/v2/auth");
		registry.add("crm.google.token-uri", () -> SERVER.baseUrl() + "/token");
		registry.add("crm.google.people-base-url", SERVER::baseUrl);
		registry.add("crm.google.backoff", () -> "10ms");
		registry.add("crm.google.max-wait", () -> "5s");
		// the pace between partial write rounds is the benchmark's (5 s in production)
		registry.add("crm.google.write-round-interval", () -> "50ms");
		// these tests, one after another in one context, spend more than 90 calls a
		// minute for one staff member against a stand-in that keeps no pace: the
		// per-user budget (PeopleQuotaTests, PeopleClientQuotaTests) would hold them
		// back for up to a minute
		registry.add("crm.google.critical-reads-per-minute", () -> "0");
		registry.add("crm.google.critical-writes-per-minute", () -> "0");
	}

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private OAuth2AuthorizedClientService clients;

	@Autowired
	private ClientRegistrationRepository registrations;

	@Autowired
	private WriteBackOutbox outbox;

	private long admin;

	@BeforeEach
	void clean() {
		for (String table : List.of("contact_lost_values", "write_back_outbox", "write_back_copies",
				"write_back_settings", "contact_phone_sources", "contact_phones", "contact_email_sources",
				"contact_emails", "contact_links", "contact_duplicates", "contacts", "google_sync_tokens", "sync_runs",
				"oauth_connections", "audit_events")) {
			jdbc.update("DELETE FROM " + table);
		}
		GOOGLE.reset();
		admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
	}

	/**
	 * One row of the table.
	 *
	 * @param title what happens
	 * @param phone the edit on the phone (a People API field and its new value), or
	 * {@code null}
	 * @param crm the change in the CRM, or {@code null}
	 * @param name the contact's name after the read
	 * @param company its company after the read
	 * @param phones numbers it has after the read (at least)
	 * @param emails emails it has after the read (at least)
	 * @param lost the loss its page shows, or {@code null} for none
	 */
	record Case(String title, String[] phone, CrmChange crm, String name, String company, List<String> phones,
			List<String> emails, String lost) {

		@Override
		public String toString() {
			return title;
		}

	}

	/** A change made in the CRM: typed through the contacts API, or by another source. */
	record CrmChange(boolean typed, String json) {

	}

	static Stream<Case> cases() {
		List<String> one = List.of("6281234567890");
		List<String> rina = List.of("rina@example.test");
		return Stream.of(
				new Case("name changed on the phone only", names("Rina", "Kusuma"), null, "Rina Kusuma", null, one,
						rina, null),
				new Case("company changed on the phone only", field("organizations", "[{\"name\":\"Toko Rina\"}]"),
						null, "Rina Wijaya", "Toko Rina", one, rina, null),
				new Case("a number added on the phone", field("phoneNumbers",
						"[{\"value\":\"+6281234567890\",\"type\":\"mobile\"},{\"value\":\"+6281299990001\",\"type\":\"work\"}]"),
						null, "Rina Wijaya", null, List.of("6281234567890", "6281299990001"), rina, null),
				new Case("an email added on the phone",
						field("emailAddresses",
								"[{\"value\":\"rina@example.test\"},{\"value\":\"rina@toko.test\",\"type\":\"work\"}]"),
						null, "Rina Wijaya", null, one, List.of("rina@example.test", "rina@toko.test"), null),
				new Case("name changed in the CRM only (by another source), company on the phone",
						field("organizations", "[{\"name\":\"Toko Rina\"}]"),
						new CrmChange(false, "{\"name\":\"Rina Wijaya-Putri\"}"), "Rina Wijaya-Putri", "Toko Rina", one,
						rina, null),
				new Case("name typed in the CRM only, company on the phone",
						field("organizations", "[{\"name\":\"Toko Rina\"}]"),
						new CrmChange(true, "{\"name\":\"Rina Wijaya-Putri\"}"), "Rina Wijaya-Putri", "Toko Rina", one,
						rina, null),
				new Case("name changed on both, typed in the CRM: the CRM's wins", names("Budi", "S."),
						new CrmChange(true, "{\"name\":\"Budi Santoso\"}"), "Budi Santoso", null, one, rina,
						"Google had “Budi S.”"),
				new Case("name changed on both, not typed in the CRM: Google's wins", names("Budi", "S."),
						new CrmChange(false, "{\"name\":\"Budi Santoso\"}"), "Budi S.", null, one, rina,
						"The CRM had “Budi Santoso”"),
				new Case("a number added on both", field("phoneNumbers",
						"[{\"value\":\"+6281234567890\",\"type\":\"mobile\"},{\"value\":\"+6281299990001\",\"type\":\"work\"}]"),
						new CrmChange(true,
								"{\"phones\":[{\"number\":\"+6281234567890\",\"label\":\"mobile\",\"primary\":true},"
										+ "{\"number\":\"+6281277770002\",\"label\":\"home\"}]}"),
						"Rina Wijaya", null, List.of("6281234567890", "6281299990001", "6281277770002"), rina, null),
				new Case("an email added on both",
						field("emailAddresses",
								"[{\"value\":\"rina@example.test\"},{\"value\":\"rina@toko.test\",\"type\":\"work\"}]"),
						new CrmChange(true,
								"{\"emails\":[{\"address\":\"rina@example.test\",\"primary\":true},"
										+ "{\"address\":\"rina@home.test\",\"label\":\"home\"}]}"),
						"Rina Wijaya", null, one, List.of("rina@example.test", "rina@toko.test", "rina@home.test"),
						null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void aChangeReadBackIsMergedFieldByFieldAgainstTheVersionLastWritten(Case row) throws Exception {
		connect();
		long rina = writtenToGoogle();

		if (row.crm() != null) {
			if (row.crm().typed()) {
				mvc.perform(patch("/api/contacts/" + rina).with(csrf())
					.contentType(MediaType.APPLICATION_JSON)
					.content(row.crm().json())).andExpect(status().isOk());
			}
			else {
				// as another source (another staff member's Outlook) would rename it
				JsonNode change = JSON.readTree(row.crm().json());
				jdbc.update("UPDATE contacts SET name = ?, version = version + 1 WHERE id = ?",
						change.get("name").asString(), rina);
			}
		}
		if (row.phone() != null) {
			GOOGLE.editOnPhone(person(), row.phone()[0], JSON.readTree(row.phone()[1]));
		}
		sync().andExpect(status().isOk());

		assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE id = ?", String.class, rina))
			.isEqualTo(row.name());
		assertThat(jdbc.queryForObject("SELECT company FROM contacts WHERE id = ?", String.class, rina))
			.isEqualTo(row.company());
		assertThat(jdbc.queryForList("SELECT phone FROM contact_phones WHERE contact_id = ?", String.class, rina))
			.containsAll(row.phones());
		assertThat(jdbc.queryForList("SELECT email FROM contact_emails WHERE contact_id = ?", String.class, rina))
			.containsAll(row.emails());
		String page = mvc.perform(get("/contacts/" + rina)).andReturn().getResponse().getContentAsString();
		if (row.lost() != null) {
			assertThat(page).contains(row.lost());
		}
		else {
			assertThat(page).doesNotContain("id=\"lost-values\"");
		}

		// the outbox, worked now: Google ends up as the CRM has it, and reading that back
		// changes nothing
		jdbc.update("UPDATE write_back_outbox SET due_at = CURRENT_TIMESTAMP(6)");
		await(() -> pending() == 0);
		JsonNode person = GOOGLE.served(person());
		String written = (person.path("names").path(0).path("givenName").asString("") + " "
				+ person.path("names").path(0).path("familyName").asString(""))
			.strip();
		assertThat(written).isEqualTo(row.name());
		sync().andExpect(status().isOk()).andExpect(jsonPath("$.updated").value(0));
		assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE id = ?", String.class, rina))
			.isEqualTo(row.name());
	}

	@Test
	void aNameTypedInTheCrmBeforeItWasWrittenGivesWayToARenameOnThePhone() throws Exception {
		connect();
		long rina = writtenToGoogle(true);

		GOOGLE.editOnPhone(person(), "names", JSON.readTree("[{\"givenName\":\"Ibu\",\"familyName\":\"Rina\"}]"));
		// the copy's first changed read links it: merged
		sync().andExpect(status().isOk()).andExpect(jsonPath("$.merged").value(1));

		assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE id = ?", String.class, rina))
			.isEqualTo("Ibu Rina");
		assertThat(lost()).isZero();
	}

	@Test
	void aConflictTheWriteBackMeetsFirstKeepsTheTypedNameAndShowsGooglesOnThePage() throws Exception {
		connect();
		long rina = writtenToGoogle(false);
		mvc.perform(patch("/api/contacts/" + rina).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"Budi Santoso\"}")).andExpect(status().isOk());
		GOOGLE.editOnPhone(person(), "names", JSON.readTree("[{\"givenName\":\"Budi\",\"familyName\":\"S.\"}]"));

		jdbc.update("UPDATE write_back_outbox SET due_at = CURRENT_TIMESTAMP(6)");
		await(() -> pending() == 0);

		assertThat(GOOGLE.served(person()).get("names").get(0).get("familyName").asString()).isEqualTo("Santoso");
		assertThat(mvc.perform(get("/contacts/" + rina)).andReturn().getResponse().getContentAsString())
			.contains("Google had “Budi S.”");
		sync().andExpect(status().isOk()).andExpect(jsonPath("$.updated").value(0));
		assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE id = ?", String.class, rina))
			.isEqualTo("Budi Santoso");
		assertThat(lost()).isOne();
	}

	@Test
	void aConflictTheWriteBackMeetsFirstGivesGooglesNameToTheCrmWhenNobodyTypedIt() throws Exception {
		connect();
		long rina = writtenToGoogle(false);
		jdbc.update("UPDATE contacts SET name = 'Budi Santoso', version = version + 1 WHERE id = ?", rina);
		outbox.contactsChanged(List.of(rina), false);
		GOOGLE.editOnPhone(person(), "names", JSON.readTree("[{\"givenName\":\"Budi\",\"familyName\":\"S.\"}]"));
		GOOGLE.editOnPhone(person(), "organizations", JSON.readTree("[{\"name\":\"Toko Budi\"}]"));

		jdbc.update("UPDATE write_back_outbox SET due_at = CURRENT_TIMESTAMP(6)");
		await(() -> pending() == 0);
		assertThat(GOOGLE.served(person()).get("names").get(0).get("familyName").asString()).isEqualTo("S.");
		assertThat(mvc.perform(get("/contacts/" + rina)).andReturn().getResponse().getContentAsString())
			.contains("The CRM had “Budi Santoso”");

		// the next read brings what Google kept into the CRM, and writing that changes
		// nothing there
		// the copy's first changed read links it: merged
		sync().andExpect(status().isOk()).andExpect(jsonPath("$.merged").value(1));
		assertThat(jdbc.queryForMap("SELECT name, company FROM contacts WHERE id = ?", rina))
			.containsEntry("name", "Budi S.")
			.containsEntry("company", "Toko Budi");
		int updates = GOOGLE.updates.get();
		jdbc.update("UPDATE write_back_outbox SET due_at = CURRENT_TIMESTAMP(6)");
		await(() -> pending() == 0);
		assertThat(GOOGLE.updates.get()).isEqualTo(updates);
		sync().andExpect(status().isOk()).andExpect(jsonPath("$.updated").value(0));
		assertThat(lost()).isOne();
	}

	private int lost() {
		return jdbc.queryForObject("SELECT COUNT(*) FROM contact_lost_values", Integer.class);
	}

	private static String[] names(String given, String family) {
		return field("names", "[{\"givenName\":\"" + given + "\",\"familyName\":\"" + family + "\"}]");
	}

	private static String[] field(String name, String json) {
		return new String[] { name, json };
	}

	private long writtenToGoogle() throws Exception {
		return writtenToGoogle(false);
	}

	/**
	 * Rina, owned by admin, written into admin's Google Contacts and read back once.
	 * @param nameTyped whether her name was typed in the CRM (kept by syncs)
	 */
	private long writtenToGoogle(boolean nameTyped) throws Exception {
		jdbc.update("INSERT INTO contacts (name, phone, email, owner_id, name_edited) VALUES (?, ?, ?, ?, ?)",
				"Rina Wijaya", "6281234567890", "rina@example.test", admin, nameTyped);
		long id = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = '6281234567890'", Long.class);
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
				+ "VALUES ('6281234567890', ?, 'mobile', TRUE, CURRENT_TIMESTAMP(6))", id);
		jdbc.update("INSERT INTO contact_emails (contact_id, email_key, email, label, is_primary, created_at) "
				+ "VALUES (?, 'rina@example.test', 'rina@example.test', NULL, TRUE, CURRENT_TIMESTAMP(6))", id);
		mvc.perform(put("/api/google/write-back").with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"enabled\":true,\"scope\":\"owned\"}")).andExpect(status().isOk());
		await(() -> pending() == 0 && copies() == 1);
		sync().andExpect(status().isOk()).andExpect(jsonPath("$.updated").value(0));
		return id;
	}

	private String person() {
		return GOOGLE.people.keySet().iterator().next();
	}

	private org.springframework.test.web.servlet.ResultActions sync() throws Exception {
		return mvc.perform(post("/api/google/sync-contacts").with(csrf()));
	}

	private int pending() {
		return WriteBackFixtures.pending(jdbc);
	}

	private int copies() {
		return WriteBackFixtures.copies(jdbc);
	}

	private void connect() {
		WriteBackFixtures.connect(clients, registrations, "google", "google", Set
			.of("https://www.googleapis.com/auth/contacts.readonly", "https://www.googleapis.com/auth/contacts"));
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		WriteBackFixtures.await(condition);
	}

}
