package com.whiskeysocket.crm.google;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.sync.SyncRuns;
import com.whiskeysocket.crm.sync.SyncTrigger;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Google has no push: an account is synced every two minutes while its owner uses the CRM
 * or its last sync found changes, and every {@code CRM_SYNC_INTERVAL} when quiet.
 */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class GooglePolledByActivityIntegrationTests {

	@DynamicPropertySource
	static void google(DynamicPropertyRegistry registry) {
		GoogleStub.register(registry);
		registry.add("crm.sync.interval", () -> "15m");
		registry.add("crm.sync.tick", () -> "1h");
		registry.add("crm.sync.requests.activity-writes", () -> "0s");
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
	private SyncRuns runs;

	@Autowired
	private GoogleSyncService syncService;

	@BeforeEach
	void connectedAndSyncedOnce() {
		GoogleStub.SERVER.resetAll();
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM google_sync_tokens");
		jdbc.update("DELETE FROM oauth_connections");
		jdbc.update("DELETE FROM sync_runs");
		jdbc.update("DELETE FROM sync_accounts");
		storeTokens();
		GoogleStub.page(null, null, GoogleStub.body(null, "sync-1", GoogleStub.person("c1", "Rina", "0812-3456-7890")));
		GoogleStub.page("sync-1", null, GoogleStub.body(null, "sync-1"));
		sync();
	}

	@Test
	void aSyncThatFoundChangesIsFollowedTwoMinutesLater() {
		assertThat(dueIn()).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(135));
	}

	@Test
	void whileTheOwnerWorksNothingNewIsLookedForEveryTwoMinutesAndQuietlyEveryInterval() throws Exception {
		mvc.perform(get("/api/google/sync-status")).andExpect(status().isOk());
		sync();
		assertThat(dueIn()).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(135));

		jdbc.update("UPDATE sync_accounts SET owner_active_at = ?", LocalDateTime.now(ZoneOffset.UTC).minusHours(1));
		sync();
		assertThat(dueIn()).isBetween(Duration.ofMinutes(14), Duration.ofMinutes(17));

		mvc.perform(get("/api/google/sync-status"))
			.andExpect(jsonPath("$.nextSyncAt").isString())
			.andExpect(jsonPath("$.lastSync.outcome").value("succeeded"));
	}

	@Test
	void theOwnerComingBackBringsAQuietAccountsNextSyncWithinTwoMinutes() throws Exception {
		jdbc.update("UPDATE sync_accounts SET owner_active_at = NULL, next_due_at = ?",
				LocalDateTime.now(ZoneOffset.UTC).plusMinutes(14));

		mvc.perform(get("/api/google/sync-status")).andExpect(status().isOk());

		assertThat(dueIn()).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121));
	}

	/** A sync that is no request of the owner's (as the schedule's are). */
	private void sync() {
		long staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		assertThat(runs.start(syncService, staffId, SyncTrigger.SCHEDULED).await(Duration.ofSeconds(30))).isPresent();
	}

	private Duration dueIn() {
		LocalDateTime due = jdbc.queryForObject("SELECT next_due_at FROM sync_accounts WHERE provider = 'google'",
				LocalDateTime.class);
		return Duration.between(LocalDateTime.now(ZoneOffset.UTC), due);
	}

	private void storeTokens() {
		Instant expiresAt = Instant.now().plusSeconds(3600);
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(registrations.findByRegistrationId("google"),
				"admin",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "fake-google-access-1",
						expiresAt.minusSeconds(60), expiresAt,
						Set.of("https://www.googleapis.com/auth/contacts.readonly")),
				new OAuth2RefreshToken("fake-google-refresh-1", null));
		store.saveAuthorizedClient(client, UsernamePasswordAuthenticationToken.authenticated("admin", null, List.of()));
	}

}
