package com.whiskeysocket.crm.outlook;

import java.util.ArrayList;
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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Write-back of many contacts into Outlook in sequential JSON batches ({@code $batch}, up
 * to 20 a batch, one request after another, four batches at once), against
 * {@link GraphContactsStandIn} enforcing Outlook's four requests in flight per mailbox: a
 * first filling matched against one listing of the default folder (a person kept there by
 * a business number is linked too), a 429 inside a batch sent again after its own
 * Retry-After, a stale changeKey inside a batch read again and merged, and every change
 * written once.
 */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
@TestPropertySource(properties = { "crm.write-back.tick=50ms", "crm.write-back.coalesce=200ms",
		"crm.write-back.retry-backoff=200ms" })
class OutlookWriteBackBatchIntegrationTests {

	static final GraphContactsStandIn GRAPH = new GraphContactsStandIn();

	static final WireMockServer SERVER = new WireMockServer(options().dynamicPort().extensions(GRAPH));

	private static final int N = 45;

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

	private final List<Long> ids = new ArrayList<>();

	@BeforeEach
	void clean() {
		for (String table : List.of("write_back_outbox", "write_back_copies", "write_back_settings",
				"contact_phone_sources", "contact_phones", "contact_email_sources", "contact_emails", "contact_links",
				"contact_duplicates", "contacts", "outlook_delta_links", "sync_runs", "oauth_connections",
				"audit_events")) {
			jdbc.update("DELETE FROM " + table);
		}
		GRAPH.reset(SERVER.baseUrl());
		GRAPH.enforce = true;
		admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		ids.clear();
		for (int i = 0; i < N; i++) {
			ids.add(contact(String.format("Orang %02d", i), String.format("62812000000%02d", i), admin));
		}
	}

	@Test
	void aFirstFillingGoesInBatchesOfTwentyWithinFourInFlightAndLinksPeopleTheMailboxHas() throws Exception {
		String mobile = GRAPH.existing("Ibu Lima", "+6281200000005");
		String business = GRAPH.existingWithBusinessPhone("Pak Tujuh", "+62 812-0000-0007");
		connect();

		turnOn();
		await(() -> pending() == 0 && copies() == N);

		assertThat(GRAPH.creates.get()).isEqualTo(N - 2);
		assertThat(GRAPH.contacts).hasSize(N);
		// 43 creates: four sequential batches of 11, 11, 11 and 10, one in each of the
		// mailbox's four slots (Outlook runs one request of such a batch at a time); no
		// number searched one by one
		assertThat(GRAPH.batches.get()).isEqualTo(4);
		assertThat(GRAPH.sequentialBatches.get()).isEqualTo(4);
		assertThat(GRAPH.maxInFlight.get()).isLessThanOrEqualTo(GraphContactsStandIn.MAILBOX_CONCURRENCY);
		assertThat(GRAPH.throttled.get()).isZero();
		assertThat(jdbc.queryForList("SELECT external_id FROM write_back_copies WHERE created_by_crm = FALSE",
				String.class))
			.containsExactlyInAnyOrder(mobile, business);
		assertThat(GRAPH.contacts.get(mobile).get("givenName").asString()).isEqualTo("Ibu Lima");
		assertThat(GRAPH.writes.keySet()).doesNotContain(mobile, business);
	}

	@Test
	void aThrottledRequestInsideABatchIsSentAgainAndAStaleChangeKeyIsMergedEachChangeWrittenOnce() throws Exception {
		connect();
		turnOn();
		await(() -> pending() == 0 && copies() == N);
		String edited = jdbc.queryForObject("SELECT external_id FROM write_back_copies WHERE contact_id = ?",
				String.class, ids.get(3));
		GRAPH.editInOutlook(edited, "companyName", "Typed in Outlook");
		int batchesBefore = GRAPH.batches.get();
		GRAPH.throttleNext.set(2);

		jdbc.update("UPDATE contacts SET name = CONCAT(name, ' Baru')");
		outbox.contactsChanged(ids, true);
		await(() -> pending() == 0 && GRAPH.writes.values().stream().allMatch((w) -> w.get() == 2));

		assertThat(GRAPH.throttled.get()).isEqualTo(2);
		// the requests after a throttled one in its sequential batch were answered 424
		// without being run, and sent again
		assertThat(GRAPH.failedDependencies.get()).isPositive();
		assertThat(GRAPH.staleUpdates.get()).isOne();
		assertThat(GRAPH.writes).hasSize(N);
		assertThat(GRAPH.batches.get() - batchesBefore).isGreaterThanOrEqualTo(3);
		ObjectNode merged = GRAPH.contacts.get(edited);
		assertThat(merged.get("surname").asString()).isEqualTo("Baru");
		assertThat(merged.get("companyName").asString()).isEqualTo("Typed in Outlook");
		assertThat(GRAPH.contacts.values()).allMatch((c) -> c.get("surname").asString().equals("Baru"));
		assertThat(GRAPH.maxInFlight.get()).isLessThanOrEqualTo(GraphContactsStandIn.MAILBOX_CONCURRENCY);
	}

	private void turnOn() throws Exception {
		WriteBackFixtures.turnOn(mvc, "outlook").andExpect(status().isOk());
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
		String graph = SERVER.baseUrl();
		WriteBackFixtures.connect(clients, registrations, "microsoft", "graph",
				Set.of("offline_access", graph + "/Contacts.Read", graph + "/Contacts.ReadWrite"));
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		WriteBackFixtures.await(condition);
	}

}
