package com.whiskeysocket.crm.outlook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Sync Outlook against WireMock playing Graph and the token endpoint over HTTP. */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
@ExtendWith(OutputCaptureExtension.class)
class OutlookSyncIntegrationTests {

	private static final WireMockServer FOREIGN = new WireMockServer(options().dynamicPort());

	static {
		FOREIGN.start();
	}

	@DynamicPropertySource
	static void microsoft(DynamicPropertyRegistry registry) {
		MicrosoftStub.register(registry);
		registry.add("crm.outlook.sync.backoff", () -> "10ms");
		registry.add("crm.outlook.sync.max-wait", () -> "5s");
	}

	@AfterAll
	static void stopForeign() {
		FOREIGN.stop();
	}

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private OAuth2AuthorizedClientService store;

	@Autowired
	private ClientRegistrationRepository registrations;

	@Autowired
	private GraphClient graphClient;

	@Autowired
	private org.springframework.security.core.userdetails.UserDetailsService users;

	private final GraphStub graph = new GraphStub(MicrosoftStub.SERVER);

	private UserDetails admin;

	@BeforeEach
	void connected() {
		admin = (UserDetails) SecurityContextHolder.getContext().getAuthentication().getPrincipal();
		MicrosoftStub.SERVER.resetAll();
		FOREIGN.resetAll();
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM outlook_delta_links");
		jdbc.update("DELETE FROM oauth_connections");
		jdbc.update("DELETE FROM sync_runs");
		storeTokens("fake-access-token-1", Instant.now().plusSeconds(3600));
		graph.folders();
		graph.noChildFoldersByDefault();
	}

	@Test
	void readsEveryPageOfEveryFolderAndReportsTheCounts() throws Exception {
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Rina WA', '6281234567890', 'whatsapp')");
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Budi G', '6281122223333', 'google')");
		graph.defaultFolder(List.of(
				List.of(GraphStub.contact("AAMk-1", "Rina Kusuma", "0812-3456-7890"),
						GraphStub.contact("AAMk-2", "Budi Santoso", null, "+62 811 2222 3333")),
				List.of(), List.of(GraphStub.contact("AAMk-3", "No Phone", null))));
		graph.folders("work");
		graph.childFolders("work", "vip");
		graph.folderContacts("work", List.of(List.of(GraphStub.contact("AAMk-4", "Sari Dewi", "0813-1111-2222"))));
		graph.folderContacts("vip", List.of(List.of(GraphStub.contact("AAMk-5", "Agus", "+1 (425) 555-0100"),
				GraphStub.contact("AAMk-6", "Broken", "12345"))));

		sync().andExpect(status().isOk())
			.andExpect(jsonPath("$.added").value(2))
			.andExpect(jsonPath("$.updated").value(1))
			.andExpect(jsonPath("$.merged").value(1))
			.andExpect(jsonPath("$.unchanged").value(0))
			.andExpect(jsonPath("$.skipped").value(2))
			.andExpect(jsonPath("$.skippedNoPhone").value(1))
			.andExpect(jsonPath("$.skippedInvalidPhone").value(1))
			.andExpect(jsonPath("$.duplicates").value(0))
			.andExpect(jsonPath("$.total").value(6))
			.andExpect(jsonPath("$.folders").value(3))
			.andExpect(jsonPath("$.mode").value("full"))
			.andExpect(jsonPath("$.durationMs").isNumber());

		assertThat(jdbc.queryForList("SELECT CONCAT(phone, ':', source, ':', name) FROM contacts ORDER BY phone",
				String.class))
			.containsExactly("14255550100:outlook:Agus", "6281122223333:google:Budi Santoso",
					"6281234567890:both:Rina Kusuma", "6281311112222:outlook:Sari Dewi");
		MicrosoftStub.SERVER.verify(getRequestedFor(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH))
			.withQueryParam("$select", equalTo(GraphModel.CONTACT_FIELDS))
			.withHeader("Authorization", equalTo("Bearer fake-access-token-1"))
			.withHeader("Prefer", equalTo("odata.maxpagesize=1000, IdType=\"ImmutableId\"")));
		MicrosoftStub.SERVER.verify(getRequestedFor(urlPathEqualTo("/v1.0/pages/folder-default/1")));
		MicrosoftStub.SERVER.verify(getRequestedFor(urlPathEqualTo("/v1.0/pages/folder-default/2")));
		MicrosoftStub.SERVER.verify(getRequestedFor(urlPathEqualTo(GraphStub.deltaPath("vip"))));
		assertThat(jdbc.queryForList("SELECT folder_key FROM outlook_delta_links ORDER BY folder_key", String.class))
			.containsExactly("default", "vip", "work");
		mvc.perform(MockMvcRequestBuilders.get("/api/outlook/sync-status"))
			.andExpect(jsonPath("$.running").value(false))
			.andExpect(jsonPath("$.lastSync.outcome").value("succeeded"))
			.andExpect(jsonPath("$.lastSync.mode").value("full"))
			.andExpect(jsonPath("$.lastSync.counts.added").value(2));
	}

	@Test
	void aFullReadAgainChangesNothing() throws Exception {
		graph.defaultFolder(List.of(List.of(GraphStub.contact("AAMk-1", "Rina Kusuma", "0812-3456-7890"),
				GraphStub.contact("AAMk-2", "Rina (old card)", "+62 812 3456 7890"))));
		sync().andExpect(jsonPath("$.added").value(1)).andExpect(jsonPath("$.duplicates").value(1));
		jdbc.update("DELETE FROM outlook_delta_links");

		sync().andExpect(jsonPath("$.mode").value("full"))
			.andExpect(jsonPath("$.added").value(0))
			.andExpect(jsonPath("$.merged").value(0))
			.andExpect(jsonPath("$.updated").value(0))
			.andExpect(jsonPath("$.unchanged").value(1))
			.andExpect(jsonPath("$.duplicates").value(1))
			.andExpect(jsonPath("$.removed").value(0));
		assertThat(jdbc.queryForObject("SELECT name FROM contacts", String.class)).isEqualTo("Rina Kusuma");
	}

	@Test
	void throttlingIsWaitedOutWithRetryAfter() throws Exception {
		graph.defaultFolderProbe(rina());
		graph.stub(get(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH)).inScenario("throttled")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(GraphStub.graphError(429, "TooManyRequests").withHeader("Retry-After", "1"))
			.willSetStateTo("calm"));
		graph.stub(get(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH)).inScenario("throttled")
			.whenScenarioStateIs("calm")
			.willReturn(okJson(graph.lastPage(GraphStub.DEFAULT_FOLDER_ID, List.of(rina())))));
		long started = System.nanoTime();

		sync().andExpect(status().isOk()).andExpect(jsonPath("$.added").value(1));

		assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(1000);
		MicrosoftStub.SERVER.verify(2, getRequestedFor(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH)));
	}

	@Test
	void serviceUnavailableAndGatewayTimeoutAreRetriedWithBackoff() throws Exception {
		graph.defaultFolderProbe(rina());
		graph.stub(get(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH)).inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(GraphStub.graphError(503, "ServiceNotAvailable"))
			.willSetStateTo("second"));
		graph.stub(get(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH)).inScenario("flaky")
			.whenScenarioStateIs("second")
			.willReturn(aResponse().withStatus(504))
			.willSetStateTo("ok"));
		graph.stub(get(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH)).inScenario("flaky")
			.whenScenarioStateIs("ok")
			.willReturn(okJson(graph.lastPage(GraphStub.DEFAULT_FOLDER_ID, List.of(rina())))));

		sync().andExpect(status().isOk()).andExpect(jsonPath("$.added").value(1));
		MicrosoftStub.SERVER.verify(3, getRequestedFor(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH)));
	}

	@Test
	void endlessThrottlingEndsTheSyncAfterBoundedTries() throws Exception {
		graph.defaultFolderProbe(rina());
		graph.stub(get(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH))
			.willReturn(GraphStub.graphError(503, "ServiceNotAvailable")));

		sync().andExpect(status().isBadGateway()).andExpect(jsonPath("$.error").value("graph_unavailable"));
		MicrosoftStub.SERVER.verify(6, getRequestedFor(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH)));
	}

	@Test
	void serverErrorMidwayKeepsEarlierPagesAndTheNextRunConverges(CapturedOutput output) throws Exception {
		List<Map<String, Object>> first = List.of(rina());
		List<Map<String, Object>> second = List.of(GraphStub.contact("AAMk-2", "Budi", "0811-2222-3333"));
		graph.defaultFolder(List.of(first, second));
		graph.stub(get(urlPathEqualTo("/v1.0/pages/folder-default/1")).atPriority(1)
			.willReturn(GraphStub.graphError(500, "generalException")));

		sync().andExpect(status().isBadGateway())
			.andExpect(jsonPath("$.error").value("graph_unavailable"))
			.andExpect(jsonPath("$.message").value(containsString("Contacts synced so far are kept")))
			.andExpect(content().string(not(containsString("raw Microsoft text"))));
		assertThat(jdbc.queryForList("SELECT phone FROM contacts", String.class)).containsExactly("6281234567890");
		assertThat(jdbc.queryForMap("SELECT status, error_code, added FROM sync_runs"))
			.containsEntry("status", "failed")
			.containsEntry("error_code", "graph_http_500")
			.containsEntry("added", 1);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outlook_delta_links", Integer.class)).isZero();

		MicrosoftStub.SERVER.resetAll();
		graph.folders();
		graph.defaultFolder(List.of(first, second));
		sync().andExpect(status().isOk())
			.andExpect(jsonPath("$.added").value(1))
			.andExpect(jsonPath("$.unchanged").value(1));
		assertThat(jdbc.queryForList("SELECT phone FROM contacts ORDER BY phone", String.class))
			.containsExactly("6281122223333", "6281234567890");
		assertThat(output).doesNotContain("raw Microsoft text");
	}

	@Test
	void anExpiredAccessTokenIsRefreshedOnceAndTheRequestRetried() throws Exception {
		graph.defaultFolder(List.of(List.of(rina())));
		graph.stub(get(urlPathEqualTo("/v1.0/me/contacts")).atPriority(1)
			.withHeader("Authorization", equalTo("Bearer fake-access-token-1"))
			.willReturn(GraphStub.graphError(401, "InvalidAuthenticationToken")
				.withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
		MicrosoftStub.tokenEndpointAnswers("refresh_token",
				MicrosoftStub.tokens("fake-access-token-2", "fake-refresh-token-2", 3600));

		sync().andExpect(status().isOk()).andExpect(jsonPath("$.added").value(1));

		MicrosoftStub.SERVER.verify(getRequestedFor(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH))
			.withHeader("Authorization", equalTo("Bearer fake-access-token-2")));
		assertThat(jdbc.queryForObject("SELECT needs_reconnect FROM oauth_connections", Boolean.class)).isFalse();
		assertThat(store.loadAuthorizedClient("microsoft", "admin").getRefreshToken().getTokenValue())
			.isEqualTo("fake-refresh-token-2");
	}

	@Test
	void aNextLinkToAnotherHostIsRefusedAndTheTokenNeverSentThere() throws Exception {
		FOREIGN.stubFor(get(anyUrl()).willReturn(okJson("{\"value\":[]}")));
		graph.defaultFolderProbe(rina());
		graph.stub(get(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH))
			.willReturn(okJson(GraphStub.page(List.of(rina()), FOREIGN.baseUrl() + "/v1.0/steal", null))));

		sync().andExpect(status().isBadGateway()).andExpect(jsonPath("$.error").value("graph_unavailable"));

		FOREIGN.verify(0, anyRequestedFor(anyUrl()));
		assertThat(jdbc.queryForMap("SELECT status, error_code FROM sync_runs")).containsEntry("error_code",
				"graph_foreign_next_link");
	}

	@Test
	void notConnectedAndExpiredConnectionsAreConflicts() throws Exception {
		jdbc.update("DELETE FROM oauth_connections");
		sync().andExpect(status().isConflict()).andExpect(jsonPath("$.error").value("outlook_not_connected"));

		storeTokens("fake-access-token-1", Instant.now().plusSeconds(30));
		MicrosoftStub.tokenEndpointAnswers("refresh_token",
				MicrosoftStub.oauthError(400, "invalid_grant", "AADSTS700082"));
		sync().andExpect(status().isConflict())
			.andExpect(jsonPath("$.error").value("outlook_reauthorization_required"))
			.andExpect(jsonPath("$.message").value("Your Outlook connection expired — reconnect Outlook."));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sync_runs", Integer.class)).isZero();
	}

	@Test
	void aSecondSyncWhileOneRunsIsRefused() throws Exception {
		graph.defaultFolderProbe(rina());
		graph.stub(get(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH))
			.willReturn(okJson(graph.lastPage(GraphStub.DEFAULT_FOLDER_ID, List.of(rina()))).withFixedDelay(1500)));
		CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> {
			try {
				return sync().andReturn().getResponse().getStatus();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		Thread.sleep(500);

		sync().andExpect(status().isConflict()).andExpect(jsonPath("$.error").value("sync_in_progress"));
		mvc.perform(MockMvcRequestBuilders.get("/api/outlook/sync-status"))
			.andExpect(jsonPath("$.running").value(true))
			.andExpect(jsonPath("$.progress.folders").value(1));
		assertThat(first.get()).isEqualTo(200);
	}

	@Test
	void aSyncLongerThanWaitAnswers202AndAnyoneWithTheRunIdFollowsItToTheEnd() throws Exception {
		graph.defaultFolderProbe(rina());
		graph.stub(get(urlPathEqualTo(GraphStub.DEFAULT_DELTA_PATH))
			.willReturn(okJson(graph.lastPage(GraphStub.DEFAULT_FOLDER_ID, List.of(rina()))).withFixedDelay(1500)));

		MvcResult accepted = mvc.perform(post("/api/outlook/sync-contacts").param("wait", "0").with(csrf()))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.status").value("running"))
			.andExpect(jsonPath("$.runId").isNumber())
			.andReturn();
		String location = accepted.getResponse().getHeader("Location");
		assertThat(location).matches("/api/sync/runs/\\d+");
		mvc.perform(MockMvcRequestBuilders.get(location))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("running"))
			.andExpect(jsonPath("$.provider").value("outlook"))
			.andExpect(jsonPath("$.trigger").value("manual"));

		String status = "running";
		for (int i = 0; i < 200 && "running".equals(status); i++) {
			Thread.sleep(50);
			status = com.jayway.jsonpath.JsonPath.read(
					mvc.perform(MockMvcRequestBuilders.get(location)).andReturn().getResponse().getContentAsString(),
					"$.status");
		}
		mvc.perform(MockMvcRequestBuilders.get(location))
			.andExpect(jsonPath("$.status").value("succeeded"))
			.andExpect(jsonPath("$.processed").value(1))
			.andExpect(jsonPath("$.counts.added").value(1))
			.andExpect(jsonPath("$.mode").value("full"))
			.andExpect(jsonPath("$.finishedAt").isString());
	}

	@Test
	void badWaitsAndRunIdsAreClear400sAndOtherStaffsRunsAre404() throws Exception {
		for (String wait : List.of("61", "-1", "soon", "1.5")) {
			mvc.perform(post("/api/outlook/sync-contacts").param("wait", wait).with(csrf()))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.error").value("invalid_wait"))
				.andExpect(jsonPath("$.message").value("wait must be a whole number of seconds from 0 to 60."));
		}
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sync_runs", Integer.class)).isZero();
		mvc.perform(MockMvcRequestBuilders.get("/api/sync/runs/abc"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("invalid_run_id"));
		mvc.perform(MockMvcRequestBuilders.get("/api/sync/runs/999999999"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.error").value("not_found"));

		graph.defaultFolder(List.of(List.of(rina())));
		sync().andExpect(status().isOk());
		long adminsRun = jdbc.queryForObject("SELECT id FROM sync_runs", Long.class);
		jdbc.update("DELETE FROM staff_users WHERE username = 'sari'");
		jdbc.update("INSERT INTO staff_users (username, display_name, password_hash, role) "
				+ "VALUES ('sari', 'Sari', '{noop}not-used', 'STAFF')");
		UserDetails sari = users.loadUserByUsername("sari");
		mvc.perform(MockMvcRequestBuilders.get("/api/sync/runs/" + adminsRun).with(user(sari)))
			.andExpect(status().isNotFound());
		mvc.perform(MockMvcRequestBuilders.get("/api/sync/runs/" + adminsRun))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.counts.added").value(1));
	}

	@Test
	void theLogHasOneLinePerSyncWithoutTokensOrPhoneNumbers(CapturedOutput output) throws Exception {
		graph.defaultFolder(List.of(List.of(GraphStub.contact("AAMk-1", "Rina Kusuma", "0812-3456-7890"))));

		sync().andExpect(status().isOk());

		assertThat(output).contains("Outlook full sync of staff").contains("1 added");
		assertThat(output).doesNotContain("fake-access-token")
			.doesNotContain("fake-refresh-token")
			.doesNotContain("6281234567890")
			.doesNotContain("0812-3456-7890");
	}

	@Test
	void theHistoryPageListsRuns() throws Exception {
		graph.defaultFolder(List.of(List.of(GraphStub.contact("AAMk-1", "Rina Kusuma", "0812-3456-7890"))));
		sync();

		mvc.perform(MockMvcRequestBuilders.get("/sync/history"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Succeeded")))
			.andExpect(content().string(containsString("1 new, 0 updated, 0 merged, 0 skipped, 0 duplicates")));
	}

	@Test
	void neverMoreThanFourRequestsInFlightForOneMailbox() throws Exception {
		graph.stub(get(urlPathEqualTo("/v1.0/me/contactFolders")).willReturn(okJson("{\"value\":[]}")));
		MicrosoftStub.IN_FLIGHT.reset();
		MicrosoftStub.IN_FLIGHT.holdFor(150);
		ExecutorService pool = Executors.newFixedThreadPool(10);
		try {
			List<Future<?>> calls = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				calls.add(pool.submit(() -> graphClient.contactFolders("admin")));
			}
			for (Future<?> call : calls) {
				call.get();
			}
		}
		finally {
			MicrosoftStub.IN_FLIGHT.holdFor(0);
			pool.shutdown();
		}

		assertThat(MicrosoftStub.SERVER.getAllServeEvents()).hasSize(10);
		assertThat(MicrosoftStub.IN_FLIGHT.max()).isEqualTo(4);
	}

	@Test
	void theNextPageIsRequestedWhileThisOneIsStillBeingHandled() throws Exception {
		graph.defaultFolder(List.of(List.of(rina()), List.of(GraphStub.contact("AAMk-2", "Budi", "0811-2222-3333")),
				List.of(GraphStub.contact("AAMk-3", "Sari", "0813-1111-2222"))));
		List<Integer> pagesRequestedDuringTheFirst = new ArrayList<>();
		List<Integer> pageSizes = new ArrayList<>();
		graphClient.fullRound("admin", GraphStub.DEFAULT_FOLDER_ID, (page) -> {
			if (pageSizes.isEmpty()) {
				// bounded wait for Graph to see the second page's request
				long deadline = System.nanoTime() + 5_000_000_000L;
				while (pageRequests() < 2 && System.nanoTime() < deadline) {
					Thread.onSpinWait();
				}
				pagesRequestedDuringTheFirst.add(pageRequests());
			}
			pageSizes.add(page.contacts().size());
		});

		assertThat(pagesRequestedDuringTheFirst).containsExactly(2);
		assertThat(pageSizes).containsExactly(1, 1, 1);
		assertThat(pageRequests()).isEqualTo(3);
	}

	@Test
	void aPageThatCannotBeHandledStopsTheRoundWithItsOwnError() {
		graph.defaultFolder(List.of(List.of(rina()), List.of(GraphStub.contact("AAMk-2", "Budi", "0811-2222-3333"))));
		List<Integer> handled = new ArrayList<>();

		org.assertj.core.api.Assertions.assertThatIllegalStateException()
			.isThrownBy(() -> graphClient.fullRound("admin", GraphStub.DEFAULT_FOLDER_ID, (page) -> {
				handled.add(page.contacts().size());
				throw new IllegalStateException("stop");
			}))
			.withMessage("stop");
		assertThat(handled).containsExactly(1);
	}

	private int pageRequests() {
		return MicrosoftStub.SERVER
			.countRequestsMatching(getRequestedFor(com.github.tomakehurst.wiremock.client.WireMock
				.urlPathMatching("/v1.0/(me/contactFolders/[^/]+/contacts/delta|pages/.*)")).build())
			.getCount();
	}

	/**
	 * Usable from another thread too: the signed-in admin is captured before each test.
	 */
	private ResultActions sync() throws Exception {
		return mvc.perform(post("/api/outlook/sync-contacts").with(csrf()).with(user(admin)));
	}

	private static Map<String, Object> rina() {
		return GraphStub.contact("AAMk-1", "Rina", "0812-3456-7890");
	}

	private void storeTokens(String accessToken, Instant expiresAt) {
		ConnectedStaff.connect(store, registrations, "admin", accessToken, "fake-refresh-token-1",
				MicrosoftStub.contactsReadScope(), expiresAt);
	}

}
