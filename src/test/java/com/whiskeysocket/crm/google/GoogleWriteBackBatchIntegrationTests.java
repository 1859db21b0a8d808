package com.whiskeysocket.crm.google;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Write-back of many contacts into Google Contacts in batches, against
 * {@link PeopleStandIn}: a first filling created by {@code people:batchCreateContacts}
 * and matched against one listing of the account's connections (no {@code searchContacts}
 * a contact), a person the phone already has linked, edits sent by
 * {@code people:batchUpdateContacts}, a stale etag inside one refused call read again and
 * merged (never overwritten), a 429 waited out, each change written once, one mutation at
 * a time.
 */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
@TestPropertySource(properties = { "crm.write-back.tick=50ms", "crm.write-back.coalesce=200ms",
		"crm.write-back.retry-backoff=200ms" })
class GoogleWriteBackBatchIntegrationTests {

	static final PeopleStandIn GOOGLE = new PeopleStandIn();

	static final WireMockServer SERVER = new WireMockServer(options().dynamicPort().extensions(GOOGLE));

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int N = 30;

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

	private final List<Long> ids = new ArrayList<>();

	@BeforeEach
	void clean() {
		for (String table : List.of("write_back_outbox", "write_back_copies", "write_back_settings",
				"contact_phone_sources", "contact_phones", "contact_email_sources", "contact_emails", "contact_links",
				"contact_duplicates", "contacts", "google_sync_tokens", "sync_runs", "oauth_connections",
				"audit_events")) {
			jdbc.update("DELETE FROM " + table);
		}
		GOOGLE.reset();
		long admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		ids.clear();
		for (int i = 0; i < N; i++) {
			ids.add(contact(String.format("Orang %02d", i), String.format("62812000000%02d", i), admin));
		}
	}

	@Test
	void aFirstFillingIsOneBatchCreateMatchedAgainstOneListingAndLinksThePersonThePhoneHas() throws Exception {
		GOOGLE.people.put("people/c1", (ObjectNode) JSON.readTree(
				"{\"names\":[{\"givenName\":\"Ibu Lima\"}],\"phoneNumbers\":[{\"value\":\"+62 812-0000-0005\"}]}"));
		GOOGLE.editOnPhone("people/c1", "organizations", JSON.readTree("[{\"name\":\"Toko Lima\"}]"));
		connect();

		turnOn();
		await(() -> pending() == 0 && copies() == N);

		assertThat(GOOGLE.creates.get()).isEqualTo(N - 1);
		assertThat(GOOGLE.createCalls.get()).isOne();
		assertThat(GOOGLE.searches.get()).isZero();
		assertThat(GOOGLE.people).hasSize(N);
		JsonNode linked = GOOGLE.people.get("people/c1");
		assertThat(linked.get("names").get(0).get("givenName").asString()).isEqualTo("Ibu Lima");
		assertThat(linked.get("organizations").get(0).get("name").asString()).isEqualTo("Toko Lima");
		assertThat(GOOGLE.members.values().iterator().next()).contains("people/c1").hasSize(N);
		assertThat(jdbc.queryForObject("SELECT contact_id FROM write_back_copies WHERE created_by_crm = FALSE",
				Long.class))
			.isEqualTo(ids.get(5));
		assertThat(GOOGLE.maxMutationsInFlight.get()).isOne();
	}

	@Test
	void editsGoInOneBatchUpdateAndAStaleEtagInItIsReadAgainAndMergedNeverOverwritten() throws Exception {
		connect();
		turnOn();
		await(() -> pending() == 0 && copies() == N);
		List<String> edited = new ArrayList<>();
		for (int i : List.of(3, 4, 7)) {
			edited.add(jdbc.queryForObject("SELECT external_id FROM write_back_copies WHERE contact_id = ?",
					String.class, ids.get(i)));
		}
		for (String name : edited) {
			GOOGLE.editOnPhone(name, "organizations", JSON.readTree("[{\"name\":\"Typed on the phone\"}]"));
		}
		GOOGLE.personReads.set(0);

		jdbc.update("UPDATE contacts SET name = CONCAT(name, ' Baru')");
		outbox.contactsChanged(ids, true);
		await(() -> pending() == 0 && GOOGLE.writes.values().stream().allMatch((w) -> w.get() == 2));

		// refused whole for the stale etags, sent again without them, those merged one by
		// one from the one batch read that found them changed: never read one at a time
		assertThat(GOOGLE.updateCalls.get()).isEqualTo(2);
		assertThat(GOOGLE.staleUpdates.get()).isEqualTo(edited.size());
		assertThat(GOOGLE.personReads.get()).isZero();
		assertThat(GOOGLE.updates.get()).isEqualTo(N);
		assertThat(GOOGLE.writes).hasSize(N);
		for (String name : edited) {
			JsonNode merged = GOOGLE.people.get(name);
			assertThat(merged.get("names").get(0).get("familyName").asString()).isEqualTo("Baru");
			assertThat(merged.get("organizations").get(0).get("name").asString()).isEqualTo("Typed on the phone");
		}
		assertThat(GOOGLE.people.values())
			.allMatch((p) -> p.get("names").get(0).get("familyName").asString().equals("Baru"));
		assertThat(GOOGLE.maxMutationsInFlight.get()).isOne();
	}

	@Test
	void aThrottledBatchUpdateWaitsForRetryAfterAndWritesEachChangeOnce() throws Exception {
		connect();
		turnOn();
		await(() -> pending() == 0 && copies() == N);
		GOOGLE.throttleNext.set(1);

		jdbc.update("UPDATE contacts SET name = CONCAT(name, ' Baru')");
		outbox.contactsChanged(ids, true);
		await(() -> pending() == 0 && GOOGLE.updates.get() == N);

		assertThat(GOOGLE.throttled.get()).isOne();
		assertThat(GOOGLE.updateCalls.get()).isOne();
		assertThat(GOOGLE.writes.values()).allMatch((w) -> w.get() == 2);
	}

	private void turnOn() throws Exception {
		WriteBackFixtures.turnOn(mvc, "google").andExpect(status().isOk());
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

	private void connect() {
		WriteBackFixtures.connect(clients, registrations, "google", "google", Set
			.of("https://www.googleapis.com/auth/contacts.readonly", "https://www.googleapis.com/auth/contacts"));
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		WriteBackFixtures.await(condition);
	}

}
