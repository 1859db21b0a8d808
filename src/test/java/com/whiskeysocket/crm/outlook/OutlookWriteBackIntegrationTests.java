package com.whiskeysocket.crm.outlook;

import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import com.whiskeysocket.crm.sync.WriteBackOutbox;
import com.whiskeysocket.crm.testsupport.WriteBackFixtures;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
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
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Write-back into Outlook through the real Graph client, against
 * {@link GraphContactsStandIn} (WireMock keeping the mailbox's state): the consent answer
 * and the incremental consent for {@code Contacts.ReadWrite}, the CRM's folder, creates
 * tagged with the CRM's id, a person the mailbox already has linked instead of
 * duplicated, 429 waited out, the CRM's own writes read back by an Outlook sync as no
 * change, and a copy deleted in Outlook detached.
 */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
@TestPropertySource(properties = { "crm.write-back.tick=50ms", "crm.write-back.coalesce=200ms",
		"crm.write-back.retry-backoff=200ms" })
class OutlookWriteBackIntegrationTests {

	static final GraphContactsStandIn GRAPH = new GraphContactsStandIn();

	static final WireMockServer SERVER = new WireMockServer(options().dynamicPort().extensions(GRAPH));

	static {
		SERVER.start();
		SERVER.stubFor(any(urlPathMatching("/v1.0/.*")).willReturn(aResponse().withTransformers(GRAPH.getName())));
	}

	@DynamicPropertySource
	static void microsoft(DynamicPropertyRegistry registry) {
		registry.add("crm.outlook.client-id", () -> MicrosoftStub.CLIENT_ID);
		registry.add("crm.outlook.client-secret", () -> MicrosoftStub.CLIENT_SECRET);
		registry.add("crm.outlook.authority-host", SERVER::baseUrl);
		registry.add("crm.outlook.graph-base-url", SERVER::baseUrl);
		registry.add("crm.outlook.redirect-uri", () -> "http://localhost/auth/microsoft/callback");
		registry.add("crm.outlook.sync.backoff", () -> "10ms");
		registry.add("crm.outlook.sync.max-wait", () -> "5s");
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
		for (String table : List.of("write_back_outbox", "write_back_copies", "write_back_settings",
				"contact_phone_sources", "contact_phones", "contact_email_sources", "contact_emails", "contact_links",
				"contact_duplicates", "contacts", "outlook_delta_links", "sync_runs", "oauth_connections",
				"audit_events")) {
			jdbc.update("DELETE FROM " + table);
		}
		GRAPH.reset(SERVER.baseUrl());
		admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
	}

	@Test
	void turningItOnWithoutTheWriteConsentAnswers409WithWhereToGiveIt() throws Exception {
		connect(false);

		mvc.perform(get("/api/outlook/write-back"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.enabled").value(false))
			.andExpect(jsonPath("$.writeAccess").value(false));
		turnOn().andExpect(status().isConflict())
			.andExpect(jsonPath("$.error").value("write_consent_required"))
			.andExpect(jsonPath("$.authorizeUrl").value("/auth/microsoft?access=write"));
		assertThat(GRAPH.creates.get()).isZero();
	}

	@Test
	void theWriteConsentAsksForContactsReadWriteIncrementally() throws Exception {
		String location = mvc.perform(get("/auth/microsoft").param("access", "write"))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		var query = UriComponentsBuilder.fromUriString(location).build().getQueryParams();

		assertThat(query.getFirst("scope").replace("%20", " ").replace("%2F", "/").replace("%3A", ":").split(" "))
			.contains(SERVER.baseUrl() + "/Contacts.ReadWrite", SERVER.baseUrl() + "/Contacts.Read", "offline_access");
	}

	@Test
	void ownedContactsAreCreatedOnceInTheFolderTaggedAndASyncReadsThemBackAsNoChange() throws Exception {
		connect(true);
		long rina = contact("Rina Wijaya", "6281234567890", admin);
		contact("Budi Santoso", "6281200000002", admin);
		contact("Not Mine", "6281200000003", null);

		turnOn().andExpect(status().isOk())
			.andExpect(jsonPath("$.enabled").value(true))
			.andExpect(jsonPath("$.writeAccess").value(true));
		await(() -> GRAPH.creates.get() == 2 && pending() == 0);

		assertThat(GRAPH.folders.values()).extracting((f) -> f.get("displayName").asString())
			.containsExactly("Whiskeysocket CRM");
		String folder = GRAPH.folders.keySet().iterator().next();
		ObjectNode copy = GRAPH.contacts.values()
			.stream()
			.filter((c) -> "Rina".equals(c.path("givenName").asString("")))
			.findFirst()
			.orElseThrow();
		assertThat(copy.get("parentFolderId").asString()).isEqualTo(folder);
		assertThat(copy.get("surname").asString()).isEqualTo("Wijaya");
		assertThat(copy.get("mobilePhone").asString()).isEqualTo("+6281234567890");
		assertThat(copy.get("singleValueExtendedProperties").get(0).get("id").asString())
			.isEqualTo(GraphClient.TAG_PROPERTY);
		assertThat(copy.get("singleValueExtendedProperties").get(0).get("value").asString())
			.isEqualTo(String.valueOf(rina));
		assertThat(copy.get("personalNotes").asString()).endsWith("/contacts/" + rina);
		assertThat(GRAPH.maxInFlight.get()).isLessThanOrEqualTo(4);
		mvc.perform(get("/contacts"))
			.andExpect(content().string(containsString("Saving to Outlook: 0 waiting")))
			.andExpect(content().string(containsString("Stop saving to my Outlook contacts")));

		// the CRM's own writes read back by a sync: no change, nothing written again
		sync().andExpect(status().isOk())
			.andExpect(jsonPath("$.added").value(0))
			.andExpect(jsonPath("$.updated").value(0))
			.andExpect(jsonPath("$.merged").value(0));
		outbox.contactsChanged(List.of(rina), false);
		await(() -> pending() == 0);
		assertThat(GRAPH.updates.get()).isZero();
		assertThat(GRAPH.creates.get()).isEqualTo(2);

		// a second sync reads only the delta: still nothing, and nothing unlinked
		sync().andExpect(jsonPath("$.updated").value(0)).andExpect(jsonPath("$.removed").value(0));
		assertThat(copies()).isEqualTo(2);

		// deleted in Outlook: detached, the CRM contact stays
		GRAPH.deleteInOutlook(copy.get("id").asString());
		sync().andExpect(status().isOk());
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts WHERE id = ?", Integer.class, rina)).isOne();
		outbox.contactsChanged(List.of(rina), false);
		await(() -> pending() == 0);
		assertThat(GRAPH.creates.get()).as("a copy deleted in Outlook is not made again").isEqualTo(2);
	}

	@Test
	void aPersonTheMailboxAlreadyHasByMobileNumberIsLinkedNotDuplicated() throws Exception {
		connect(true);
		String existing = GRAPH.existing("Rina typed by hand", "+6281234567890");
		contact("Rina Wijaya", "6281234567890", admin);

		turnOn().andExpect(status().isOk());
		await(() -> pending() == 0 && copies() == 1);

		assertThat(GRAPH.creates.get()).isZero();
		ObjectNode person = GRAPH.contacts.get(existing);
		assertThat(person.get("givenName").asString()).as("never overwrites what the person typed")
			.isEqualTo("Rina typed by hand");
		assertThat(person.get("parentFolderId").asString()).isEqualTo(GraphContactsStandIn.DEFAULT_FOLDER);
	}

	@Test
	void aPersonTheMailboxHasByABusinessOrHomeNumberIsLinkedNotDuplicated() throws Exception {
		connect(true);
		String office = GRAPH.existingWithBusinessPhone("Rina at the office", "+6281234567890");
		String home = GRAPH.existingWithHomePhone("Budi at home", "+6281200000002");
		contact("Rina Wijaya", "6281234567890", admin);
		contact("Budi Santoso", "6281200000002", admin);

		turnOn().andExpect(status().isOk());
		await(() -> pending() == 0 && copies() == 2);

		assertThat(GRAPH.creates.get()).isZero();
		assertThat(GRAPH.refusedFilters.get()).isZero();
		assertThat(jdbc.queryForList("SELECT external_id FROM write_back_copies", String.class))
			.containsExactlyInAnyOrder(office, home);
		assertThat(GRAPH.contacts.get(office).get("givenName").asString()).isEqualTo("Rina at the office");
	}

	@Test
	void whereGraphRefusesTheFilterOnBusinessAndHomeNumbersTheFolderIsListedInstead() throws Exception {
		connect(true);
		GRAPH.refusePhoneLambdas = true;
		String home = GRAPH.existingWithHomePhone("Budi at home", "+6281200000002");
		contact("Budi Santoso", "6281200000002", admin);

		turnOn().andExpect(status().isOk());
		await(() -> pending() == 0 && copies() == 1);

		assertThat(GRAPH.refusedFilters.get()).isPositive();
		assertThat(GRAPH.creates.get()).isZero();
		assertThat(jdbc.queryForObject("SELECT external_id FROM write_back_copies", String.class)).isEqualTo(home);
	}

	@Test
	void aCopyLeavingTheScopeIsDeletedOnlyWhenNobodyEditedItInOutlook() throws Exception {
		connect(true);
		long rina = contact("Rina Wijaya", "6281234567890", admin);
		long budi = contact("Budi Santoso", "6281200000002", admin);
		turnOn().andExpect(status().isOk());
		await(() -> pending() == 0 && copies() == 2);
		String budiCopy = GRAPH.contacts.values()
			.stream()
			.filter((c) -> "Budi".equals(c.path("givenName").asString("")))
			.map((c) -> c.get("id").asString())
			.findFirst()
			.orElseThrow();
		// a field the CRM neither writes nor reads: only the changeKey tells
		GRAPH.editInOutlook(budiCopy, "jobTitle", "Owner");

		jdbc.update("UPDATE contacts SET owner_id = NULL WHERE id IN (?, ?)", rina, budi);
		outbox.contactsChanged(List.of(rina, budi), false);
		await(() -> pending() == 0 && copies() == 0);

		assertThat(GRAPH.deletes.get()).isOne();
		assertThat(GRAPH.contacts).containsOnlyKeys(budiCopy);
	}

	@Test
	void aStaleChangeKeyIsReadAgainAndMergedFieldByFieldNeverOverwritten() throws Exception {
		connect(true);
		long rina = contact("Rina Wijaya", "6281234567890", admin);
		turnOn().andExpect(status().isOk());
		await(() -> pending() == 0 && copies() == 1);
		String id = GRAPH.contacts.keySet().iterator().next();

		GRAPH.editInOutlook(id, "companyName", "Typed in Outlook");
		jdbc.update("UPDATE contacts SET name = 'Rina Kusuma' WHERE id = ?", rina);
		outbox.contactsChanged(List.of(rina), true);
		await(() -> pending() == 0 && GRAPH.updates.get() == 1);

		ObjectNode copy = GRAPH.contacts.get(id);
		assertThat(GRAPH.staleUpdates.get()).isOne();
		assertThat(copy.get("surname").asString()).isEqualTo("Kusuma");
		assertThat(copy.get("companyName").asString()).isEqualTo("Typed in Outlook");
		// Outlook keeps a company the CRM has yet to read: the base is what both agree
		// on,
		// without the changeKey, so the next sync brings it in as Outlook's change
		assertThat(jdbc.queryForObject("SELECT etag FROM write_back_copies", String.class)).isNull();
		sync().andExpect(status().isOk());
		assertThat(jdbc.queryForMap("SELECT name, company FROM contacts WHERE id = ?", rina))
			.containsEntry("name", "Rina Kusuma")
			.containsEntry("company", "Typed in Outlook");
		jdbc.update("UPDATE write_back_outbox SET due_at = CURRENT_TIMESTAMP(6)");
		await(() -> pending() == 0);
		assertThat(GRAPH.updates.get()).as("nothing more to write").isOne();
		assertThat(jdbc.queryForObject("SELECT etag FROM write_back_copies", String.class))
			.as("the changeKey of the copy as it is now is kept")
			.isEqualTo(GRAPH.contacts.get(id).get("changeKey").asString());
	}

	@Test
	void throttledWritesWaitForRetryAfterAndAreMadeOnce() throws Exception {
		connect(true);
		contact("Rina Wijaya", "6281234567890", admin);
		contact("Budi Santoso", "6281200000002", admin);
		GRAPH.throttleNext.set(2);

		turnOn().andExpect(status().isOk());
		await(() -> pending() == 0 && copies() == 2);

		assertThat(GRAPH.throttled.get()).isEqualTo(2);
		assertThat(GRAPH.creates.get()).isEqualTo(2);
		assertThat(GRAPH.folders).hasSize(1);
		assertThat(GRAPH.contacts).hasSize(2);
	}

	private ResultActions turnOn() throws Exception {
		return WriteBackFixtures.turnOn(mvc, "outlook");
	}

	private ResultActions sync() throws Exception {
		return mvc.perform(post("/api/outlook/sync-contacts").with(csrf()));
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

	/** A finished connect; Microsoft answers Graph scopes qualified by the Graph host. */
	private void connect(boolean write) {
		String graph = SERVER.baseUrl();
		WriteBackFixtures.connect(clients, registrations, "microsoft", "graph",
				write ? Set.of("offline_access", graph + "/Contacts.Read", graph + "/Contacts.ReadWrite")
						: Set.of("offline_access", graph + "/Contacts.Read"));
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		WriteBackFixtures.await(condition);
	}

}
