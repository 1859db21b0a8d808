package com.whiskeysocket.crm.outlook;

import jakarta.servlet.http.Cookie;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.connections.ConnectionException;
import com.whiskeysocket.crm.connections.ConnectionException.Reason;
import com.whiskeysocket.crm.connections.Connections;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
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
 * Connect, refresh and disconnect through the real filter chain, with WireMock playing
 * Microsoft's endpoints over HTTP.
 */
@SpringBootTest
@AutoConfigureMockMvc
class OutlookConnectionIntegrationTests {

	private static final String CALLBACK = "/auth/microsoft/callback";

	@DynamicPropertySource
	static void microsoft(DynamicPropertyRegistry registry) {
		MicrosoftStub.register(registry);
	}

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private Connections connections;

	@Autowired
	private OAuth2AuthorizedClientService store;

	@Autowired
	private PasswordEncoder passwordEncoder;

	@BeforeEach
	void reset() {
		MicrosoftStub.SERVER.resetAll();
		jdbc.update("DELETE FROM oauth_connections");
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM staff_users WHERE username = 'sari'");
	}

	@Test
	void connectRedirectsToMicrosoftWithStatePkceAndTheScopesThenStoresEncryptedTokens() throws Exception {
		Cookie session = signIn("admin", "admin-password-for-tests");
		MultiValueMap<String, String> authorize = startConnect(session);

		assertThat(authorize.getFirst("response_type")).isEqualTo("code");
		assertThat(authorize.getFirst("client_id")).isEqualTo(MicrosoftStub.CLIENT_ID);
		assertThat(authorize.getFirst("scope").split(" ")).contains("offline_access",
				MicrosoftStub.contactsReadScope());
		assertThat(authorize.getFirst("state")).isNotBlank();
		assertThat(authorize.getFirst("code_challenge")).isNotBlank();
		assertThat(authorize.getFirst("code_challenge_method")).isEqualTo("S256");
		assertThat(authorize.getFirst("redirect_uri")).isEqualTo("http://localhost" + CALLBACK);

		MicrosoftStub.tokenEndpointAnswers("authorization_code",
				MicrosoftStub.tokens("fake-access-token-1", "fake-refresh-token-1", 3600));
		finishConnect(session, authorize.getFirst("state"))
			.andExpect(flash().attribute("flashMessage", "outlook.justConnected"));

		MicrosoftStub.SERVER.verify(postRequestedFor(urlPathEqualTo(MicrosoftStub.TOKEN_PATH))
			.withRequestBody(containing("grant_type=authorization_code"))
			.withRequestBody(containing("code=fake-authorization-code"))
			.withRequestBody(containing("code_verifier="))
			.withRequestBody(containing("client_secret=" + MicrosoftStub.CLIENT_SECRET)));
		Map<String, Object> row = jdbc.queryForMap("SELECT * FROM oauth_connections");
		assertThat(row.get("principal_name")).isEqualTo("admin");
		assertThat(row.get("needs_reconnect")).isEqualTo(false);
		OAuth2AuthorizedClient client = store.loadAuthorizedClient("microsoft", "admin");
		assertThat(client.getAccessToken().getTokenValue()).isEqualTo("fake-access-token-1");
		assertThat(client.getRefreshToken().getTokenValue()).isEqualTo("fake-refresh-token-1");
		mvc.perform(get("/api/outlook/sync-status").cookie(session))
			.andExpect(jsonPath("$.configured").value(true))
			.andExpect(jsonPath("$.connected").value(true))
			.andExpect(jsonPath("$.needsReconnect").value(false))
			.andExpect(content().string(not(containsString("fake-access-token"))));
		mvc.perform(get("/contacts").cookie(session))
			.andExpect(content().string(containsString("Connected to Outlook")))
			.andExpect(content().string(containsString("id=\"outlook-sync\"")));
	}

	@Test
	void tokensAreNeverStoredInPlaintext() throws Exception {
		connect(signIn("admin", "admin-password-for-tests"), "fake-access-token-plain", "fake-refresh-token-plain");

		Map<String, Object> row = jdbc.queryForMap("SELECT * FROM oauth_connections");
		assertThat(row.values())
			.allSatisfy((value) -> assertThat(String.valueOf(value)).doesNotContain("fake-access-token-plain")
				.doesNotContain("fake-refresh-token-plain"));
		assertThat((String) row.get("access_token")).startsWith("v1:");
		assertThat((String) row.get("refresh_token")).startsWith("v1:");
	}

	@Test
	void declinedConsentShowsAFixedMessageAndStoresNothing() throws Exception {
		Cookie session = signIn("admin", "admin-password-for-tests");
		String state = startConnect(session).getFirst("state");

		String errorRedirect = mvc
			.perform(get(CALLBACK).cookie(session)
				.param("error", "access_denied")
				.param("error_description", "AADSTS65004: User declined to consent <script>alert(1)</script>")
				.param("state", state))
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		mvc.perform(get(errorRedirect).cookie(session))
			.andExpect(redirectedUrl("/contacts"))
			.andExpect(flash().attribute("flashError", "outlook.error.declined"));

		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth_connections", Integer.class)).isZero();
		MicrosoftStub.SERVER.verify(0, postRequestedFor(urlPathEqualTo(MicrosoftStub.TOKEN_PATH)));
	}

	@Test
	void forgedStateIsRefusedWithoutCallingMicrosoft() throws Exception {
		Cookie session = signIn("admin", "admin-password-for-tests");
		startConnect(session);
		MicrosoftStub.tokenEndpointAnswers("authorization_code", MicrosoftStub.tokens("fake-a", "fake-r", 3600));

		mvc.perform(get(CALLBACK).cookie(session).param("code", "stolen-code").param("state", "forged-state"))
			.andExpect(redirectedUrl("/contacts"))
			.andExpect(flash().attribute("flashError", "outlook.error.state"));

		MicrosoftStub.SERVER.verify(0, postRequestedFor(urlPathEqualTo(MicrosoftStub.TOKEN_PATH)));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth_connections", Integer.class)).isZero();
	}

	@Test
	void replayedCallbackIsRefusedAndChangesNothing() throws Exception {
		Cookie session = signIn("admin", "admin-password-for-tests");
		MultiValueMap<String, String> authorize = startConnect(session);
		MicrosoftStub.tokenEndpointAnswers("authorization_code",
				MicrosoftStub.tokens("fake-access-token-1", "fake-refresh-token-1", 3600));
		finishConnect(session, authorize.getFirst("state"));
		String storedBefore = jdbc.queryForObject("SELECT access_token FROM oauth_connections", String.class);

		mvc.perform(get(CALLBACK).cookie(session)
			.param("code", "fake-authorization-code")
			.param("state", authorize.getFirst("state")))
			.andExpect(redirectedUrl("/contacts"))
			.andExpect(flash().attribute("flashError", "outlook.error.state"));

		MicrosoftStub.SERVER.verify(1, postRequestedFor(urlPathEqualTo(MicrosoftStub.TOKEN_PATH)));
		assertThat(jdbc.queryForObject("SELECT access_token FROM oauth_connections", String.class))
			.isEqualTo(storedBefore);
	}

	@Test
	void wrongClientSecretTellsTheUserTheAdministratorMustFixIt() throws Exception {
		Cookie session = signIn("admin", "admin-password-for-tests");
		String state = startConnect(session).getFirst("state");
		MicrosoftStub.tokenEndpointAnswers("authorization_code",
				MicrosoftStub.oauthError(401, "invalid_client", "AADSTS7000215"));

		finishConnect(session, state).andExpect(flash().attribute("flashError", "outlook.error.credentials"));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth_connections", Integer.class)).isZero();
	}

	@Test
	void unknownClientIdTellsTheUserTheAdministratorMustFixIt() throws Exception {
		Cookie session = signIn("admin", "admin-password-for-tests");
		String state = startConnect(session).getFirst("state");
		MicrosoftStub.tokenEndpointAnswers("authorization_code",
				MicrosoftStub.oauthError(400, "unauthorized_client", "AADSTS700016"));

		finishConnect(session, state).andExpect(flash().attribute("flashError", "outlook.error.credentials"));
	}

	@Test
	void expiredAuthorizationCodeAsksToTryAgain() throws Exception {
		Cookie session = signIn("admin", "admin-password-for-tests");
		String state = startConnect(session).getFirst("state");
		MicrosoftStub.tokenEndpointAnswers("authorization_code",
				MicrosoftStub.oauthError(400, "invalid_grant", "AADSTS70008"));

		finishConnect(session, state).andExpect(flash().attribute("flashError", "outlook.error.codeExpired"));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth_connections", Integer.class)).isZero();
	}

	@Test
	void accessTokenIsRefreshedBeforeExpiryAndTheRotatedRefreshTokenReplacesTheOld() throws Exception {
		connect(signIn("admin", "admin-password-for-tests"), "fake-access-token-1", "fake-refresh-token-1", 120);
		MicrosoftStub.tokenEndpointAnswers("refresh_token",
				MicrosoftStub.tokens("fake-access-token-2", "fake-refresh-token-2", 3600));

		OAuth2AuthorizedClient client = connections.authorize("admin", "microsoft");

		assertThat(client.getAccessToken().getTokenValue()).isEqualTo("fake-access-token-2");
		MicrosoftStub.SERVER.verify(postRequestedFor(urlPathEqualTo(MicrosoftStub.TOKEN_PATH))
			.withRequestBody(containing("grant_type=refresh_token"))
			.withRequestBody(containing("refresh_token=fake-refresh-token-1")));
		OAuth2AuthorizedClient stored = store.loadAuthorizedClient("microsoft", "admin");
		assertThat(stored.getAccessToken().getTokenValue()).isEqualTo("fake-access-token-2");
		assertThat(stored.getRefreshToken().getTokenValue()).isEqualTo("fake-refresh-token-2");
	}

	@Test
	void aFreshAccessTokenIsUsedWithoutCallingMicrosoft() throws Exception {
		connect(signIn("admin", "admin-password-for-tests"), "fake-access-token-1", "fake-refresh-token-1", 3600);
		MicrosoftStub.SERVER.resetRequests();

		assertThat(connections.authorize("admin", "microsoft").getAccessToken().getTokenValue())
			.isEqualTo("fake-access-token-1");
		MicrosoftStub.SERVER.verify(0, postRequestedFor(urlPathEqualTo(MicrosoftStub.TOKEN_PATH)));
	}

	@Test
	void refreshWithoutANewRefreshTokenKeepsTheOldOne() throws Exception {
		connect(signIn("admin", "admin-password-for-tests"), "fake-access-token-1", "fake-refresh-token-1", 60);
		MicrosoftStub.tokenEndpointAnswers("refresh_token", MicrosoftStub.tokens("fake-access-token-2", null, 3600));

		connections.authorize("admin", "microsoft");

		OAuth2AuthorizedClient stored = store.loadAuthorizedClient("microsoft", "admin");
		assertThat(stored.getAccessToken().getTokenValue()).isEqualTo("fake-access-token-2");
		assertThat(stored.getRefreshToken().getTokenValue()).isEqualTo("fake-refresh-token-1");
	}

	@Test
	void revokedGrantAsksToReconnectAndTouchesNothingElse() throws Exception {
		Cookie admin = signIn("admin", "admin-password-for-tests");
		connect(admin, "fake-access-token-1", "fake-refresh-token-1", 60);
		addStaff("sari");
		Cookie sari = signIn("sari", "sari-password-123");
		connect(sari, "fake-access-token-sari", "fake-refresh-token-sari", 3600);
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Rina', '6281234567890', 'outlook')");
		MicrosoftStub.tokenEndpointAnswers("refresh_token",
				MicrosoftStub.oauthError(400, "invalid_grant", "AADSTS700082"));

		assertThatExceptionOfType(ConnectionException.class)
			.isThrownBy(() -> connections.authorize("admin", "microsoft"))
			.extracting(ConnectionException::reason)
			.isEqualTo(Reason.REAUTHORIZATION_REQUIRED);

		mvc.perform(get("/api/outlook/sync-status").cookie(admin))
			.andExpect(jsonPath("$.connected").value(false))
			.andExpect(jsonPath("$.needsReconnect").value(true));
		mvc.perform(get("/contacts").cookie(admin))
			.andExpect(content().string(containsString("Your Outlook connection expired — reconnect Outlook")));
		assertThat(jdbc.queryForObject("SELECT refresh_token FROM oauth_connections WHERE principal_name = 'admin'",
				String.class))
			.isNull();
		assertThat(store.loadAuthorizedClient("microsoft", "sari").getAccessToken().getTokenValue())
			.isEqualTo("fake-access-token-sari");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isOne();
	}

	@Test
	void tokenEndpointOutageKeepsTheTokens() throws Exception {
		connect(signIn("admin", "admin-password-for-tests"), "fake-access-token-1", "fake-refresh-token-1", 60);
		String before = jdbc.queryForObject("SELECT CONCAT(access_token, refresh_token) FROM oauth_connections",
				String.class);
		MicrosoftStub.tokenEndpointAnswers("refresh_token", serviceUnavailable());

		assertThatExceptionOfType(ConnectionException.class)
			.isThrownBy(() -> connections.authorize("admin", "microsoft"))
			.extracting(ConnectionException::reason)
			.isEqualTo(Reason.PROVIDER_UNAVAILABLE);

		assertThat(
				jdbc.queryForObject("SELECT CONCAT(access_token, refresh_token) FROM oauth_connections", String.class))
			.isEqualTo(before);
		assertThat(connections.status(adminId(), "microsoft").connected()).isTrue();
	}

	@Test
	void graphRejectingTheAccessTokenLeadsToOneRefreshNotADisconnect() throws Exception {
		connect(signIn("admin", "admin-password-for-tests"), "fake-access-token-1", "fake-refresh-token-1", 3600);
		MicrosoftStub.tokenEndpointAnswers("refresh_token",
				MicrosoftStub.tokens("fake-access-token-2", "fake-refresh-token-2", 3600));

		connections.accessTokenRejected("admin", "microsoft");

		assertThat(connections.status(adminId(), "microsoft").connected()).isTrue();
		assertThat(connections.authorize("admin", "microsoft").getAccessToken().getTokenValue())
			.isEqualTo("fake-access-token-2");
		MicrosoftStub.SERVER.verify(1, postRequestedFor(urlPathEqualTo(MicrosoftStub.TOKEN_PATH))
			.withRequestBody(containing("grant_type=refresh_token")));
	}

	@Test
	void concurrentRefreshesCallMicrosoftOnceAndKeepTheNewestToken() throws Exception {
		connect(signIn("admin", "admin-password-for-tests"), "fake-access-token-1", "fake-refresh-token-1", 60);
		MicrosoftStub.tokenEndpointAnswers("refresh_token",
				MicrosoftStub.tokens("fake-access-token-2", "fake-refresh-token-2", 3600).withFixedDelay(300));
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Callable<String>> refreshes = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			refreshes.add(() -> connections.authorize("admin", "microsoft").getAccessToken().getTokenValue());
		}
		List<String> seen = new ArrayList<>();
		for (Future<String> result : pool.invokeAll(refreshes)) {
			seen.add(result.get());
		}
		pool.shutdown();

		assertThat(seen).containsOnly("fake-access-token-2");
		MicrosoftStub.SERVER.verify(1, postRequestedFor(urlPathEqualTo(MicrosoftStub.TOKEN_PATH))
			.withRequestBody(containing("grant_type=refresh_token")));
		assertThat(store.loadAuthorizedClient("microsoft", "admin").getRefreshToken().getTokenValue())
			.isEqualTo("fake-refresh-token-2");
	}

	@Test
	void aRowThatNoLongerDecryptsMeansReconnectNotACrash() throws Exception {
		Cookie session = signIn("admin", "admin-password-for-tests");
		connect(session, "fake-access-token-1", "fake-refresh-token-1", 3600);
		jdbc.update("UPDATE oauth_connections SET access_token = 'v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'");

		assertThatExceptionOfType(ConnectionException.class)
			.isThrownBy(() -> connections.authorize("admin", "microsoft"))
			.extracting(ConnectionException::reason)
			.isEqualTo(Reason.REAUTHORIZATION_REQUIRED);
		mvc.perform(get("/api/outlook/sync-status").cookie(session))
			.andExpect(jsonPath("$.needsReconnect").value(true));
		mvc.perform(get("/contacts").cookie(session)).andExpect(status().isOk());
	}

	@Test
	void disconnectDeletesOnlyMyConnectionAndKeepsContacts() throws Exception {
		Cookie admin = signIn("admin", "admin-password-for-tests");
		connect(admin, "fake-access-token-1", "fake-refresh-token-1", 3600);
		addStaff("sari");
		Cookie sari = signIn("sari", "sari-password-123");
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Rina', '6281234567890', 'outlook')");

		mvc.perform(get("/api/outlook/sync-status").cookie(sari))
			.andExpect(jsonPath("$.connected").value(false))
			.andExpect(jsonPath("$.account").doesNotExist());
		mvc.perform(post("/api/outlook/disconnect").cookie(sari).with(csrf()))
			.andExpect(jsonPath("$.connected").value(false));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth_connections", Integer.class)).isOne();

		mvc.perform(post("/api/outlook/disconnect").cookie(admin).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.connected").value(false));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth_connections", Integer.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isOne();
		mvc.perform(get("/contacts").cookie(admin)).andExpect(content().string(containsString("Connect Outlook")));
	}

	@Test
	void apiNeedsASessionAndACsrfToken() throws Exception {
		mvc.perform(get("/api/outlook/sync-status")).andExpect(status().isUnauthorized());
		Cookie session = signIn("admin", "admin-password-for-tests");
		mvc.perform(post("/api/outlook/disconnect").cookie(session))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error").value("csrf_token_invalid"));
	}

	@Test
	void connectNeedsASignedInStaffMember() throws Exception {
		mvc.perform(get("/auth/microsoft")).andExpect(redirectedUrl("/login"));
	}

	private Cookie signIn(String username, String password) throws Exception {
		MvcResult result = mvc.perform(formLogin().user(username).password(password))
			.andExpect(redirectedUrl("/contacts"))
			.andReturn();
		// sessions live in the database (Spring Session): the cookie is the session
		return result.getResponse().getCookie("SESSION");
	}

	private MultiValueMap<String, String> startConnect(Cookie session) throws Exception {
		String location = mvc.perform(get("/auth/microsoft").cookie(session))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(location).startsWith(MicrosoftStub.SERVER.baseUrl() + "/common/oauth2/v2.0/authorize?");
		MultiValueMap<String, String> decoded = new LinkedMultiValueMap<>();
		UriComponentsBuilder.fromUriString(location)
			.build()
			.getQueryParams()
			.forEach((name, values) -> values.forEach((value) -> decoded.add(name, decode(value))));
		return decoded;
	}

	private org.springframework.test.web.servlet.ResultActions finishConnect(Cookie session, String state)
			throws Exception {
		String next = mvc
			.perform(get(CALLBACK).cookie(session).param("code", "fake-authorization-code").param("state", state))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		return mvc.perform(get(next).cookie(session)).andExpect(redirectedUrl("/contacts"));
	}

	private void connect(Cookie session, String accessToken, String refreshToken) throws Exception {
		connect(session, accessToken, refreshToken, 3600);
	}

	private void connect(Cookie session, String accessToken, String refreshToken, int expiresIn) throws Exception {
		String state = startConnect(session).getFirst("state");
		MicrosoftStub.tokenEndpointAnswers("authorization_code",
				MicrosoftStub.tokens(accessToken, refreshToken, expiresIn));
		finishConnect(session, state).andExpect(flash().attribute("flashMessage", "outlook.justConnected"));
		MicrosoftStub.SERVER.resetAll();
	}

	private void addStaff(String username) {
		jdbc.update("INSERT INTO staff_users (username, display_name, password_hash, role) VALUES (?, ?, ?, 'STAFF')",
				username, username, passwordEncoder.encode(username + "-password-123"));
	}

	private long adminId() {
		return jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
	}

	private static String decode(String value) {
		return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

}
