package com.whiskeysocket.crm.google;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Sync Google against WireMock playing the People API and the token endpoint, on a real
 * MariaDB/MySQL: pages, sync tokens, deleted people, an expired token, throttling and a
 * rejected access token, and the merge with WhatsApp and Outlook contacts.
 */
@MySqlIntegrationTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class GoogleSyncIntegrationTests {

	@DynamicPropertySource
	static void google(DynamicPropertyRegistry registry) {
		GoogleStub.register(registry);
	}

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private OAuth2AuthorizedClientService store;

	@Autowired
	private ClientRegistrationRepository registrations;

	@BeforeEach
	void connected() {
		GoogleStub.SERVER.resetAll();
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM google_sync_tokens");
		jdbc.update("DELETE FROM oauth_connections");
		jdbc.update("DELETE FROM sync_runs");
		jdbc.update("DELETE FROM audit_events");
		storeTokens("fake-google-access-1", Instant.now().plusSeconds(3600));
	}

	@Test
	void firstSyncReadsEveryPageMergesByTheRulesAndStoresTheSyncToken() throws Exception {
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Rina WA', '6281234567890', 'whatsapp')");
		jdbc.update("INSERT INTO contacts (name, phone, source, outlook_contact_id) "
				+ "VALUES ('Budi Official', '6281300000001', 'outlook', 'AAMk-budi')");
		GoogleStub.page(null, null,
				GoogleStub.body("page-2", null, GoogleStub.person("c1", "Rina Kusuma", "0812-3456-7890"),
						GoogleStub.person("c2", "Tanpa Nomor", null),
						GoogleStub.person("c3", "Sari Baru", "+62 811 1111 111")));
		GoogleStub.page(null, "page-2", GoogleStub.body(null, "sync-1",
				GoogleStub.person("c4", "Budi G", "081300000001"), GoogleStub.person("c5", "Salah", "12")));

		sync().andExpect(status().isOk())
			.andExpect(jsonPath("$.added").value(1))
			.andExpect(jsonPath("$.merged").value(1))
			.andExpect(jsonPath("$.updated").value(1))
			.andExpect(jsonPath("$.skippedNoPhone").value(1))
			.andExpect(jsonPath("$.skippedInvalidPhone").value(1))
			.andExpect(jsonPath("$.total").value(5))
			.andExpect(jsonPath("$.mode").value("full"));

		assertThat(contact("6281234567890")).containsEntry("name", "Rina Kusuma")
			.containsEntry("source", "both")
			.containsEntry("google_contact_id", "people/c1");
		assertThat(contact("628111111111")).containsEntry("name", "Sari Baru")
			.containsEntry("source", "google")
			.containsEntry("google_contact_id", "people/c3");
		assertThat(contact("6281300000001")).containsEntry("name", "Budi Official")
			.containsEntry("source", "google")
			.containsEntry("outlook_contact_id", "AAMk-budi")
			.containsEntry("google_contact_id", "people/c4");
		assertThat(jdbc.queryForObject("SELECT sync_token FROM google_sync_tokens", String.class)).isEqualTo("sync-1");
		assertThat(jdbc.queryForList("SELECT external_id FROM contact_links WHERE provider = 'google'", String.class))
			.containsExactlyInAnyOrder("people/c1", "people/c3", "people/c4");
		assertThat(jdbc.queryForList("SELECT CONCAT(actor, ' ', action, ' ', target, ' ', detail) FROM audit_events "
				+ "WHERE action LIKE 'sync.%' ORDER BY id", String.class))
			.containsExactly("admin sync.started google manual",
					"admin sync.finished google full: 1 new, 1 updated, 1 merged, 0 removed");
		mvc.perform(get("/api/google/sync-status"))
			.andExpect(jsonPath("$.lastSync.outcome").value("succeeded"))
			.andExpect(jsonPath("$.lastSync.counts.added").value(1));
	}

	@Test
	void reSyncSendsTheSyncTokenAndReadsOnlyChangesWithDeletedPeopleUnlinked() throws Exception {
		GoogleStub.page(null, null, GoogleStub.body(null, "sync-1", GoogleStub.person("c1", "Rina", "081234567890"),
				GoogleStub.person("c2", "Dewi", "081200000002")));
		sync().andExpect(jsonPath("$.added").value(2));
		GoogleStub.page("sync-1", null, GoogleStub.body(null, "sync-2",
				GoogleStub.person("c1", "Rina Kusuma", "081234567890"), GoogleStub.deleted("c2")));

		sync().andExpect(jsonPath("$.mode").value("delta"))
			.andExpect(jsonPath("$.updated").value(1))
			.andExpect(jsonPath("$.removed").value(1))
			.andExpect(jsonPath("$.total").value(1));

		assertThat(contact("6281234567890")).containsEntry("name", "Rina Kusuma");
		Map<String, Object> dewi = contact("6281200000002");
		assertThat(dewi).containsEntry("source", "google").containsEntry("google_contact_id", null);
		assertThat(dewi.get("google_removed_at")).isNotNull();
		assertThat(jdbc.queryForObject("SELECT sync_token FROM google_sync_tokens", String.class)).isEqualTo("sync-2");
		mvc.perform(get("/contacts"))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
				.string(org.hamcrest.Matchers.containsString("no longer in Google")));
	}

	@Test
	void anExpiredSyncTokenMeansOneFullReadThatUnlinksWhatIsGone() throws Exception {
		GoogleStub.page(null, null, GoogleStub.body(null, "sync-1", GoogleStub.person("c1", "Rina", "081234567890"),
				GoogleStub.person("c2", "Dewi", "081200000002")));
		sync().andExpect(jsonPath("$.added").value(2));
		GoogleStub.SERVER.resetAll();
		GoogleStub.SERVER.stubFor(GoogleStub.connections("sync-1", null).willReturn(GoogleStub.expiredSyncToken()));
		GoogleStub.page(null, null, GoogleStub.body(null, "sync-9", GoogleStub.person("c1", "Rina", "081234567890")));

		sync().andExpect(status().isOk())
			.andExpect(jsonPath("$.mode").value("full"))
			.andExpect(jsonPath("$.unchanged").value(1))
			.andExpect(jsonPath("$.removed").value(1));

		assertThat(jdbc.queryForList("SELECT external_id FROM contact_links WHERE provider = 'google'", String.class))
			.containsExactly("people/c1");
		assertThat(jdbc.queryForObject("SELECT sync_token FROM google_sync_tokens", String.class)).isEqualTo("sync-9");
	}

	@Test
	void throttlingIsWaitedOutAndARejectedTokenIsRefreshedOnce() throws Exception {
		GoogleStub.SERVER.stubFor(GoogleStub.connections(null, null)
			.inScenario("busy")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(429)
				.withHeader("Retry-After", "0")
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}"))
			.willSetStateTo("rejected"));
		GoogleStub.SERVER.stubFor(GoogleStub.connections(null, null)
			.inScenario("busy")
			.whenScenarioStateIs("rejected")
			.willReturn(aResponse().withStatus(401))
			.willSetStateTo("fine"));
		GoogleStub.SERVER.stubFor(GoogleStub.connections(null, null)
			.inScenario("busy")
			.whenScenarioStateIs("fine")
			.withHeader("Authorization", equalTo("Bearer fake-google-access-2"))
			.willReturn(okJson(GoogleStub.body(null, "sync-1", GoogleStub.person("c1", "Rina", "081234567890")))));
		GoogleStub.tokenEndpointAnswers("refresh_token", GoogleStub.tokens("fake-google-access-2", null, 3599));

		sync().andExpect(status().isOk()).andExpect(jsonPath("$.added").value(1));

		GoogleStub.SERVER.verify(1, postRequestedFor(urlPathEqualTo(GoogleStub.TOKEN_PATH))
			.withRequestBody(containing("grant_type=refresh_token")));
		GoogleStub.SERVER.verify(3, getRequestedFor(urlPathEqualTo(GoogleStub.CONNECTIONS_PATH)));
		assertThat(store.loadAuthorizedClient("google", "admin").getRefreshToken().getTokenValue())
			.isEqualTo("fake-google-refresh-1");
	}

	@Test
	void googleFailingKeepsWhatWasSyncedAndSaysSoWithoutGooglesText() throws Exception {
		GoogleStub.page(null, null, GoogleStub.body("page-2", null, GoogleStub.person("c1", "Rina", "081234567890")));
		GoogleStub.SERVER.stubFor(GoogleStub.connections(null, "page-2")
			.willReturn(aResponse().withStatus(403).withBody("{\"error\":{\"message\":\"raw text from Google\"}}")));

		sync().andExpect(status().isBadGateway())
			.andExpect(jsonPath("$.error").value("google_unavailable"))
			.andExpect(jsonPath("$.message")
				.value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("raw text"))));

		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isOne();
		assertThat(jdbc.queryForObject("SELECT error_code FROM sync_runs", String.class)).isEqualTo("google_forbidden");
		assertThat(jdbc.queryForObject("SELECT detail FROM audit_events WHERE action = 'sync.failed'", String.class))
			.isEqualTo("google_forbidden");
		assertThat(jdbc.queryForList("SELECT sync_token FROM google_sync_tokens", String.class)).isEmpty();
	}

	private ResultActions sync() throws Exception {
		return mvc.perform(post("/api/google/sync-contacts").with(csrf()));
	}

	private Map<String, Object> contact(String phone) {
		return jdbc.queryForMap("SELECT * FROM contacts WHERE phone = ?", phone);
	}

	private void storeTokens(String accessToken, Instant expiresAt) {
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(registrations.findByRegistrationId("google"),
				"admin",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessToken, expiresAt.minusSeconds(60),
						expiresAt, Set.of("https://www.googleapis.com/auth/contacts.readonly")),
				new OAuth2RefreshToken("fake-google-refresh-1", null));
		store.saveAuthorizedClient(client, UsernamePasswordAuthenticationToken.authenticated("admin", null, List.of()));
	}

}
