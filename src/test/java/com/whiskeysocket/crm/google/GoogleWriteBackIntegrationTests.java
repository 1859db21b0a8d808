package com.whiskeysocket.crm.google;

import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
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
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.web.util.UriComponentsBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Write-back into Google Contacts through the real People client, against
 * {@link PeopleStandIn} (WireMock keeping the address book's state): the API and its
 * consent answer, the group, batch creates tagged with the CRM's id, a person the phone
 * already has linked instead of duplicated, a stale etag re-read and merged, 429 backed
 * off, and the CRM's own writes read back by a Google sync as no change.
 */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
@TestPropertySource(properties = { "crm.write-back.tick=50ms", "crm.write-back.coalesce=200ms",
		"crm.write-back.retry-backoff=200ms" })
class GoogleWriteBackIntegrationTests {

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

	@Autowired
	private org.springframework.context.ApplicationContext context;

	@BeforeEach
	void clean() {
		// the worker's round for the test before ends first: left running, it recorded
		// its copies into this test's empty tables and lost its claim under it
		org.springframework.context.Lifecycle worker = context.getBean("writeBackWorker",
				org.springframework.context.Lifecycle.class);
		worker.stop();
		for (String table : List.of("write_back_outbox", "write_back_copies", "write_back_settings",
				"contact_phone_sources", "contact_phones", "contact_email_sources", "contact_emails", "contact_links",
				"contact_duplicates", "contacts", "google_sync_tokens", "sync_runs", "oauth_connections",
				"audit_events")) {
			jdbc.update("DELETE FROM " + table);
		}
		GOOGLE.reset();
		admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		worker.start();
	}

	@Test
	void turningItOnWithoutTheWriteConsentAnswers409WithWhereToGiveIt() throws Exception {
		connect(false);

		mvc.perform(get("/api/google/write-back"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.enabled").value(false))
			.andExpect(jsonPath("$.scope").value("owned"))
			.andExpect(jsonPath("$.writeAccess").value(false))
			.andExpect(jsonPath("$.pending").value(0));
		turnOn().andExpect(status().isConflict())
			.andExpect(jsonPath("$.error").value("write_consent_required"))
			.andExpect(jsonPath("$.authorizeUrl").value("/auth/google?access=write"));
	}

	@Test
	void theWriteConsentAsksForTheContactsScopeIncrementallyAndOffline() throws Exception {
		String location = mvc.perform(get("/auth/google").param("access", "write"))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		var query = UriComponentsBuilder.fromUriString(location).build().getQueryParams();

		assertThat(query.getFirst("scope").replace("%20", " ").split(" "))
			.contains("https://www.googleapis.com/auth/contacts", "https://www.googleapis.com/auth/contacts.readonly");
		assertThat(query.getFirst("include_granted_scopes")).isEqualTo("true");
		assertThat(query.getFirst("access_type")).isEqualTo("offline");
	}

	@Test
	void ownedContactsAreCreatedOnceInTheGroupTaggedAndASyncReadsThemBackAsNoChange() throws Exception {
		connect(true);
		long rina = contact("Rina Wijaya", "6281234567890", admin);
		contact("Budi Santoso", "6281200000002", admin);
		contact("Not Mine", "6281200000003", null);

		turnOn().andExpect(status().isOk())
			.andExpect(jsonPath("$.enabled").value(true))
			.andExpect(jsonPath("$.writeAccess").value(true));
		await(() -> GOOGLE.creates.get() == 2 && pending() == 0);

		assertThat(GOOGLE.groups.values()).extracting((g) -> g.get("name").asString())
			.containsExactly("Whiskeysocket CRM");
		String group = GOOGLE.groups.keySet().iterator().next();
		assertThat(GOOGLE.members.get(group)).hasSize(2);
		JsonNode person = GOOGLE.people.values()
			.stream()
			.filter((p) -> p.get("names").get(0).get("givenName").asString().equals("Rina"))
			.findFirst()
			.orElseThrow();
		assertThat(person.get("names").get(0).get("familyName").asString()).isEqualTo("Wijaya");
		assertThat(person.get("phoneNumbers").get(0).get("value").asString()).isEqualTo("+6281234567890");
		assertThat(person.get("clientData").get(0).get("value").asString()).isEqualTo(String.valueOf(rina));
		assertThat(person.get("biographies").get(0).get("value").asString()).endsWith("/contacts/" + rina);
		assertThat(GOOGLE.createCalls.get()).isOne();
		assertThat(GOOGLE.maxMutationsInFlight.get()).isOne();
		mvc.perform(get("/api/google/write-back"))
			.andExpect(jsonPath("$.pending").value(0))
			.andExpect(jsonPath("$.failed").value(0))
			.andExpect(jsonPath("$.lastWrittenAt").isNotEmpty());
		assertThat(jdbc.queryForList(
				"SELECT CONCAT(action, ' ', target) FROM audit_events WHERE action LIKE " + "'write-back.%'",
				String.class))
			.containsExactly("write-back.enabled google");

		// the CRM's own writes read back by a sync: no change, nothing written again
		sync().andExpect(status().isOk())
			.andExpect(jsonPath("$.added").value(0))
			.andExpect(jsonPath("$.updated").value(0))
			.andExpect(jsonPath("$.merged").value(0));
		outbox.contactsChanged(List.of(rina), false);
		await(() -> pending() == 0);
		assertThat(GOOGLE.updates.get()).isZero();

		// a group change alone gives a new etag: still the CRM's own values
		GOOGLE.editOnPhone(person.get("resourceName").asString(), "names", person.get("names"));
		sync().andExpect(jsonPath("$.updated").value(0)).andExpect(jsonPath("$.total").value(0));

		// an edit on the phone is a change (the copy's first read links it: merged)
		GOOGLE.editOnPhone(person.get("resourceName").asString(), "organizations",
				JSON.readTree("[{\"name\":\"Toko Rina\"}]"));
		sync().andExpect(jsonPath("$.total").value(1)).andExpect(jsonPath("$.merged").value(1));
		assertThat(jdbc.queryForObject("SELECT company FROM contacts WHERE id = ?", String.class, rina))
			.isEqualTo("Toko Rina");
	}

	@Test
	void aFullReadAfterWriteBackKeepsTheCopiesItReadsBackLinked() throws Exception {
		connect(true);
		long rina = contact("Rina Wijaya", "6281234567890", admin);
		turnOn().andExpect(status().isOk());
		await(() -> pending() == 0 && copies() == 1);
		String name = GOOGLE.people.keySet().iterator().next();
		sync().andExpect(status().isOk());
		if (links(rina) == 0) {
			// as an earlier read would have linked it
			jdbc.update(
					"INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, first_seen_at, "
							+ "last_seen_at) VALUES (?, ?, 'google', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
					rina, admin, name);
		}

		// Google forgot the sync token: one full read, in which the copy is the CRM's own
		// write, unchanged, and still there
		jdbc.update("DELETE FROM google_sync_tokens");
		sync().andExpect(status().isOk()).andExpect(jsonPath("$.removed").value(0));

		assertThat(links(rina)).isOne();
	}

	private int links(long contact) {
		return jdbc.queryForObject(
				"SELECT COUNT(*) FROM contact_links WHERE contact_id = ? AND provider = 'google' AND staff_user_id = ?",
				Integer.class, contact, admin);
	}

	@Test
	void aCopyDeletedOnThePhoneIsDetachedAndTheContactKept() throws Exception {
		connect(true);
		long rina = contact("Rina Wijaya", "6281234567890", admin);
		turnOn().andExpect(status().isOk());
		await(() -> pending() == 0 && copies() == 1);
		sync().andExpect(status().isOk());
		String name = GOOGLE.people.keySet().iterator().next();

		GOOGLE.deleteOnPhone(name);
		sync().andExpect(status().isOk());
		outbox.contactsChanged(List.of(rina), true);
		await(() -> pending() == 0);

		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts WHERE id = ?", Integer.class, rina)).isOne();
		assertThat(jdbc.queryForObject("SELECT detached_at FROM write_back_copies", Object.class)).isNotNull();
		assertThat(GOOGLE.people).isEmpty();
		assertThat(GOOGLE.creates.get()).isOne();
	}

	@Test
	void aPersonThePhoneAlreadyHasIsLinkedAndOnlyGetsWhatItLacks() throws Exception {
		connect(true);
		GOOGLE.people.put("people/c1",
				(tools.jackson.databind.node.ObjectNode) JSON.readTree(
						"{\"names\":[{\"givenName\":\"Ibu Rina\"}],\"phoneNumbers\":[{\"value\":\"0812-3456-7890\","
								+ "\"type\":\"mobile\"},{\"value\":\"+6281234567890\",\"type\":\"other\"}]}"));
		GOOGLE.editOnPhone("people/c1", "organizations", JSON.readTree("[{\"name\":\"Toko Rina\"}]"));
		long rina = contact("Rina Wijaya", "6281234567890", admin);
		jdbc.update(
				"INSERT INTO contact_emails (contact_id, email_key, email, label, is_primary, created_at) "
						+ "VALUES (?, 'rina@example.test', 'rina@example.test', 'work', TRUE, CURRENT_TIMESTAMP(6))",
				rina);

		turnOn().andExpect(status().isOk());
		await(() -> pending() == 0 && copies() == 1);

		assertThat(GOOGLE.creates.get()).isZero();
		JsonNode person = GOOGLE.people.get("people/c1");
		assertThat(person.get("names").get(0).get("givenName").asString()).isEqualTo("Ibu Rina");
		assertThat(person.get("organizations").get(0).get("name").asString()).isEqualTo("Toko Rina");
		assertThat(person.get("emailAddresses").get(0).get("value").asString()).isEqualTo("rina@example.test");
		assertThat(GOOGLE.members.values().iterator().next()).containsExactly("people/c1");
		assertThat(jdbc.queryForObject("SELECT created_by_crm FROM write_back_copies", Boolean.class)).isFalse();
	}

	@Test
	void aStaleEtagIsReadAgainAndMergedFieldByFieldNeverOverwritten() throws Exception {
		connect(true);
		long rina = contact("Rina Wijaya", "6281234567890", admin);
		turnOn().andExpect(status().isOk());
		await(() -> pending() == 0 && copies() == 1);
		String name = GOOGLE.people.keySet().iterator().next();

		GOOGLE.editOnPhone(name, "organizations", JSON.readTree("[{\"name\":\"Typed on the phone\"}]"));
		jdbc.update("UPDATE contacts SET name = 'Rina Kusuma' WHERE id = ?", rina);
		outbox.contactsChanged(List.of(rina), true);
		await(() -> pending() == 0 && GOOGLE.updates.get() == 1);

		JsonNode person = GOOGLE.people.get(name);
		assertThat(GOOGLE.staleUpdates.get()).isOne();
		assertThat(person.get("names").get(0).get("familyName").asString()).isEqualTo("Kusuma");
		assertThat(person.get("organizations").get(0).get("name").asString()).isEqualTo("Typed on the phone");
	}

	@Test
	void aChangeTypedInTheCrmOrAContactDeletedThereReachesGoogleByTheContactsEvent() throws Exception {
		connect(true);
		long rina = contact("Rina Wijaya", "6281234567890", admin);
		long budi = contact("Budi Santoso", "6281200000002", admin);
		turnOn().andExpect(status().isOk());
		await(() -> pending() == 0 && copies() == 2);

		mvc.perform(patch("/api/contacts/" + rina).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"company\":\"PT Maju\"}")).andExpect(status().isOk());
		mvc.perform(delete("/api/contacts/" + budi).with(csrf())).andExpect(status().is2xxSuccessful());

		await(() -> pending() == 0 && GOOGLE.updates.get() == 1 && GOOGLE.people.size() == 1);
		JsonNode person = GOOGLE.people.values().iterator().next();
		assertThat(person.get("organizations").get(0).get("name").asString()).isEqualTo("PT Maju");
		assertThat(copies()).isOne();
	}

	@Test
	void thePanelsSwitchGoesForTheConsentComesBackOnAndTheContactPageSaysWhereItIsSaved() throws Exception {
		connect(false);
		long rina = contact("Rina Wijaya", "6281234567890", admin);
		mvc.perform(get("/contacts"))
			.andExpect(content().string(containsString("Save CRM contacts to my Google Contacts")));

		mvc.perform(post("/sync/google/write-back").with(csrf()).param("enabled", "true"))
			.andExpect(redirectedUrl("/auth/google?access=write"));
		mvc.perform(get("/contacts")).andExpect(content().string(containsString("Reconnect to keep saving.")));
		assertThat(GOOGLE.creates.get()).isZero();

		connect(true); // the consent round trip stored a token with the contacts scope
		await(() -> copies() == 1 && pending() == 0);
		mvc.perform(get("/contacts"))
			.andExpect(content().string(containsString("Saving to Google: 0 waiting")))
			.andExpect(content().string(containsString("last saved")))
			.andExpect(content().string(containsString("Stop saving to my Google Contacts")));
		mvc.perform(get("/contacts/" + rina))
			.andExpect(content().string(containsString("id=\"saved-in\"")))
			.andExpect(content().string(containsString("Google Contacts</span> · <span>saved</span>")));

		mvc.perform(post("/sync/google/write-back").with(csrf()).param("enabled", "false"))
			.andExpect(redirectedUrl("/contacts"));
		mvc.perform(get("/api/google/write-back")).andExpect(jsonPath("$.enabled").value(false));
		assertThat(jdbc.queryForList("SELECT action FROM audit_events WHERE action LIKE 'write-back.%' ORDER BY id",
				String.class))
			.containsExactly("write-back.enabled", "write-back.disabled");
	}

	@Test
	void aWriteThatGaveUpReadsAsASentenceOnThePanelAndTheContactPageAndIsRetriedFromThere() throws Exception {
		connect(true);
		long rina = contact("Rina Wijaya", "6281234567890", admin);
		turnOn().andExpect(status().isOk());
		await(() -> pending() == 0 && copies() == 1);
		// as the worker leaves a write that failed its last attempt
		jdbc.update("INSERT INTO write_back_outbox (contact_id, staff_user_id, provider, due_at, created_at, attempts, "
				+ "last_error, failed) VALUES (?, ?, 'google', CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6), 8, "
				+ "'google_http_503', TRUE)", rina, admin);

		mvc.perform(get("/contacts"))
			.andExpect(content().string(containsString("1 contact could not be saved:")))
			.andExpect(content().string(containsString("Google did not answer, or failed, several times in a row.")))
			.andExpect(content().string(not(containsString("(google_http_503)"))));
		mvc.perform(get("/contacts").header("Accept-Language", "id"))
			.andExpect(content().string(containsString("Google tidak menjawab, atau gagal")));
		mvc.perform(get("/contacts/" + rina))
			.andExpect(content().string(containsString("id=\"not-saved-in\"")))
			.andExpect(content().string(containsString("Google did not answer, or failed, several times in a row.")));

		mvc.perform(post("/sync/google/write-back/retry").with(csrf()).param("contact", String.valueOf(rina)))
			.andExpect(redirectedUrl("/contacts/" + rina));
		await(() -> pending() == 0);
		mvc.perform(get("/contacts/" + rina)).andExpect(content().string(not(containsString("id=\"not-saved-in\""))));
	}

	@Test
	void thePanelChoosesWhichContactsAreSavedAndTurningItOnAgainKeepsTheChoice() throws Exception {
		connect(true);
		contact("Rina Wijaya", "6281234567890", admin);
		long budi = contact("Budi Santoso", "6281200000002", null);
		jdbc.update("UPDATE contacts SET lead_status = 'qualified' WHERE id = ?", budi);
		mvc.perform(post("/sync/google/write-back").with(csrf()).param("enabled", "true"))
			.andExpect(redirectedUrl("/contacts"));
		await(() -> pending() == 0 && copies() == 1);
		mvc.perform(get("/contacts"))
			.andExpect(content().string(containsString("Which contacts: the ones I own")))
			.andExpect(content().string(containsString("name=\"statuses\" value=\"qualified\"")));

		mvc.perform(post("/sync/google/write-back/scope").with(csrf()).param("scope", "all"))
			.andExpect(redirectedUrl("/contacts"));

		await(() -> pending() == 0 && copies() == 2);
		mvc.perform(get("/contacts")).andExpect(content().string(containsString("Which contacts: every contact")));
		mvc.perform(post("/sync/google/write-back/scope").with(csrf())
			.param("scope", "all")
			.param("statuses", "qualified", "won"))

			.andExpect(redirectedUrl("/contacts"));
		mvc.perform(get("/api/google/write-back"))
			.andExpect(jsonPath("$.enabled").value(true))
			.andExpect(jsonPath("$.scope").value("all"))
			.andExpect(jsonPath("$.statuses[0]").value("qualified"))
			.andExpect(jsonPath("$.statuses[1]").value("won"));
		mvc.perform(post("/sync/google/write-back/scope").with(csrf()).param("scope", "everything"))
			.andExpect(status().isBadRequest());
		mvc.perform(post("/sync/google/write-back").with(csrf()).param("enabled", "false"));
		mvc.perform(post("/sync/google/write-back").with(csrf()).param("enabled", "true"));
		mvc.perform(get("/api/google/write-back"))
			.andExpect(jsonPath("$.scope").value("all"))
			.andExpect(jsonPath("$.statuses[0]").value("qualified"));
	}

	@Test
	void throttledWritesWaitForRetryAfterAndAreMadeOnce() throws Exception {
		connect(true);
		contact("Rina Wijaya", "6281234567890", admin);
		contact("Budi Santoso", "6281200000002", admin);
		GOOGLE.throttleNext.set(2);

		turnOn().andExpect(status().isOk());
		await(() -> pending() == 0 && copies() == 2);

		assertThat(GOOGLE.throttled.get()).isEqualTo(2);
		assertThat(GOOGLE.creates.get()).isEqualTo(2);
		assertThat(GOOGLE.people).hasSize(2);
	}

	@Nested
	@TestPropertySource(properties = "crm.write-back.mode=off")
	class TurnedOffForTheInstallation {

		@Test
		void theApiAnswers403() throws Exception {
			mvc.perform(get("/api/google/write-back"))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.error").value("write_back_disabled"));
			turnOn().andExpect(status().isForbidden()).andExpect(jsonPath("$.error").value("write_back_disabled"));
		}

	}

	private ResultActions turnOn() throws Exception {
		return WriteBackFixtures.turnOn(mvc, "google");
	}

	ResultActions sync() throws Exception {
		return mvc.perform(post("/api/google/sync-contacts").with(csrf()));
	}

	private long contact(String name, String phone, Long owner) {
		return WriteBackFixtures.contact(jdbc, name, phone, owner);
	}

	private int pending() {
		return WriteBackFixtures.pending(jdbc);
	}

	private int copies() {
		return WriteBackFixtures.copies(jdbc);
	}

	private void connect(boolean write) {
		WriteBackFixtures.connect(clients, registrations, "google", "google",
				write ? Set.of("https://www.googleapis.com/auth/contacts.readonly",
						"https://www.googleapis.com/auth/contacts")
						: Set.of("https://www.googleapis.com/auth/contacts.readonly"));
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		WriteBackFixtures.await(condition);
	}

}
