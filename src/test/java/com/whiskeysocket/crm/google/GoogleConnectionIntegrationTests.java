package com.whiskeysocket.crm.google;

import jakarta.servlet.http.Cookie;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.connections.ConnectionException;
import com.whiskeysocket.crm.connections.ConnectionException.Reason;
import com.whiskeysocket.crm.connections.Connections;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Connect, refresh, reconnect and disconnect Google through the real filter chain, with
 * WireMock playing Google's token endpoint and People API over HTTP.
 */
@SpringBootTest
@AutoConfigureMockMvc
class GoogleConnectionIntegrationTests {

	private static final String CALLBACK = "/auth/google/callback";

	@DynamicPropertySource
	static void google(DynamicPropertyRegistry registry) {
		GoogleStub.register(registry);
		registry.add("crm.google.redirect-uri", () -> "http://localhost" + CALLBACK);
	}

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private Connections connections;

	@Autowired
	private OAuth2AuthorizedClientService store;

	@BeforeEach
	void reset() {
		GoogleStub.SERVER.resetAll();
		jdbc.update("DELETE FROM oauth_connections");
		jdbc.update("DELETE FROM google_sync_tokens");
		jdbc.update("DELETE FROM audit_events");
	}

	@Test
	void connectAsksForReadOnlyContactsWithPkceAndOfflineAccessThenStoresTheAccount() throws Exception {
		Cookie session = signIn();
		MultiValueMap<String, String> authorize = startConnect(session);

		assertThat(authorize.getFirst("response_type")).isEqualTo("code");
		assertThat(authorize.getFirst("client_id")).isEqualTo(GoogleStub.CLIENT_ID);
		assertThat(authorize.getFirst("scope").split(" "))
			.containsExactlyInAnyOrder("https://www.googleapis.com/auth/contacts.readonly", "email", "profile");
		assertThat(authorize.getFirst("code_challenge_method")).isEqualTo("S256");
		assertThat(authorize.getFirst("code_challenge")).isNotBlank();
		assertThat(authorize.getFirst("state")).isNotBlank();
		assertThat(authorize.getFirst("access_type")).isEqualTo("offline");
		assertThat(authorize.getFirst("prompt")).isEqualTo("consent");
		assertThat(authorize.getFirst("include_granted_scopes")).isEqualTo("true");
		assertThat(authorize.getFirst("redirect_uri")).isEqualTo("http://localhost" + CALLBACK);

		GoogleStub.tokenEndpointAnswers("authorization_code",
				GoogleStub.tokens("fake-google-access-1", "fake-google-refresh-1", 3599));
		GoogleStub.me("sari@example.test");
		finishConnect(session, authorize.getFirst("state"))
			.andExpect(flash().attribute("flashMessage", "google.justConnected"));

		GoogleStub.SERVER.verify(postRequestedFor(urlPathEqualTo(GoogleStub.TOKEN_PATH))
			.withRequestBody(containing("grant_type=authorization_code"))
			.withRequestBody(containing("code_verifier=")));
		Map<String, Object> row = jdbc.queryForMap("SELECT * FROM oauth_connections");
		assertThat(row.get("provider")).isEqualTo("google");
		assertThat(String.valueOf(row.get("access_token"))).startsWith("v1:").doesNotContain("fake-google");
		mvc.perform(get("/api/google/sync-status").cookie(session))
			.andExpect(jsonPath("$.configured").value(true))
			.andExpect(jsonPath("$.connected").value(true))
			.andExpect(jsonPath("$.account").value("sari@example.test"))
			.andExpect(content().string(not(containsString("fake-google"))));
		assertThat(audited()).contains("admin connection.connected google");
		mvc.perform(get("/contacts").cookie(session))
			.andExpect(content().string(containsString("Connected to Google (sari@example.test)")))
			.andExpect(content().string(containsString("id=\"google-sync\"")));
	}

	@Test
	void refreshKeepsTheRefreshTokenGoogleDoesNotRotate() throws Exception {
		connect(signIn(), 60);
		GoogleStub.tokenEndpointAnswers("refresh_token", GoogleStub.tokens("fake-google-access-2", null, 3599));

		assertThat(connections.authorize("admin", "google").getAccessToken().getTokenValue())
			.isEqualTo("fake-google-access-2");

		GoogleStub.SERVER.verify(postRequestedFor(urlPathEqualTo(GoogleStub.TOKEN_PATH))
			.withRequestBody(containing("refresh_token=fake-google-refresh-1")));
		OAuth2AuthorizedClient stored = store.loadAuthorizedClient("google", "admin");
		assertThat(stored.getAccessToken().getTokenValue()).isEqualTo("fake-google-access-2");
		assertThat(stored.getRefreshToken().getTokenValue()).isEqualTo("fake-google-refresh-1");
	}

	@Test
	void revokedGrantAsksToReconnectGoogleAndLeavesOutlookAlone() throws Exception {
		Cookie session = signIn();
		connect(session, 60);
		GoogleStub.tokenEndpointAnswers("refresh_token", GoogleStub.oauthError(400, "invalid_grant"));

		assertThatExceptionOfType(ConnectionException.class).isThrownBy(() -> connections.authorize("admin", "google"))
			.extracting(ConnectionException::reason)
			.isEqualTo(Reason.REAUTHORIZATION_REQUIRED);

		assertThat(jdbc.queryForObject("SELECT refresh_token FROM oauth_connections", String.class)).isNull();
		assertThat(audited()).contains("admin connection.reconnect-needed google");
		mvc.perform(get("/api/google/sync-status").cookie(session))
			.andExpect(jsonPath("$.connected").value(false))
			.andExpect(jsonPath("$.needsReconnect").value(true));
		mvc.perform(get("/contacts").cookie(session))
			.andExpect(content().string(containsString("Your Google connection expired — reconnect Google.")))
			.andExpect(content().string(containsString("Outlook is not configured yet.")));
		mvc.perform(post("/api/google/sync-contacts").cookie(session).with(csrf()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.error").value("google_reauthorization_required"));

		connect(session, 3599);

		mvc.perform(get("/api/google/sync-status").cookie(session))
			.andExpect(jsonPath("$.connected").value(true))
			.andExpect(jsonPath("$.needsReconnect").value(false));
		assertThat(store.loadAuthorizedClient("google", "admin").getRefreshToken().getTokenValue())
			.isEqualTo("fake-google-refresh-1");
	}

	@Test
	void declinedConsentShowsAFixedMessageAndStoresNothing() throws Exception {
		Cookie session = signIn();
		String state = startConnect(session).getFirst("state");

		String errorRedirect = mvc
			.perform(get(CALLBACK).cookie(session)
				.param("error", "access_denied")
				.param("error_description", "<script>alert(1)</script>")
				.param("state", state))
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		mvc.perform(get(errorRedirect).cookie(session))
			.andExpect(redirectedUrl("/contacts"))
			.andExpect(flash().attribute("flashError", "google.error.declined"));

		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth_connections", Integer.class)).isZero();
	}

	@Test
	void disconnectForgetsTheTokensAndTheSyncToken() throws Exception {
		Cookie session = signIn();
		connect(session, 3599);
		jdbc.update("INSERT INTO google_sync_tokens (staff_user_id, sync_token, updated_at) "
				+ "SELECT id, 'fake-sync-token', CURRENT_TIMESTAMP FROM staff_users WHERE username = 'admin'");

		mvc.perform(post("/api/google/disconnect").cookie(session).with(csrf()))
			.andExpect(jsonPath("$.connected").value(false));

		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth_connections", Integer.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM google_sync_tokens", Integer.class)).isZero();
		assertThat(audited()).contains("admin connection.disconnected google");
		mvc.perform(get("/contacts").cookie(session)).andExpect(content().string(containsString("Connect Google")));
	}

	@Test
	void connectAndTheApiNeedASignedInStaffMember() throws Exception {
		mvc.perform(get("/auth/google")).andExpect(redirectedUrl("/login"));
		mvc.perform(get("/api/google/sync-status")).andExpect(status().isUnauthorized());
		mvc.perform(post("/api/google/disconnect").cookie(signIn())).andExpect(status().isForbidden());
	}

	private java.util.List<String> audited() {
		return jdbc.queryForList("SELECT CONCAT(actor, ' ', action, ' ', target) FROM audit_events", String.class);
	}

	private Cookie signIn() throws Exception {
		return mvc.perform(formLogin().user("admin").password("admin-password-for-tests"))
			.andExpect(redirectedUrl("/contacts"))
			.andReturn()
			.getResponse()
			.getCookie("SESSION");
	}

	private MultiValueMap<String, String> startConnect(Cookie session) throws Exception {
		String location = mvc.perform(get("/auth/google").cookie(session))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(location).startsWith(GoogleStub.SERVER.baseUrl() + "/o/oauth2/v2/auth?");
		MultiValueMap<String, String> decoded = new LinkedMultiValueMap<>();
		UriComponentsBuilder.fromUriString(location)
			.build()
			.getQueryParams()
			.forEach((name, values) -> values
				.forEach((value) -> decoded.add(name, URLDecoder.decode(value, StandardCharsets.UTF_8))));
		return decoded;
	}

	private ResultActions finishConnect(Cookie session, String state) throws Exception {
		String next = mvc
			.perform(get(CALLBACK).cookie(session).param("code", "fake-authorization-code").param("state", state))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		return mvc.perform(get(next).cookie(session)).andExpect(redirectedUrl("/contacts"));
	}

	private void connect(Cookie session, int expiresIn) throws Exception {
		String state = startConnect(session).getFirst("state");
		GoogleStub.tokenEndpointAnswers("authorization_code",
				GoogleStub.tokens("fake-google-access-1", "fake-google-refresh-1", expiresIn));
		GoogleStub.me("admin@example.test");
		finishConnect(session, state).andExpect(flash().attribute("flashMessage", "google.justConnected"));
		GoogleStub.SERVER.resetAll();
	}

}
