package com.whiskeysocket.crm.apitokens;

import com.whiskeysocket.crm.staff.StaffAccounts;
import com.whiskeysocket.crm.staff.Role;
import org.springframework.context.ApplicationContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
class ApiTokensIntegrationTests {

	private static final Pattern TOKEN = Pattern.compile("wsc_[A-Za-z0-9_-]{43}");

	private static final String INVALID_TOKEN_BODY = "{\"error\":\"invalid_token\",\"message\":\"The API token is not valid: unknown, expired or revoked.\"}";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	private StaffAccounts accounts;

	@Autowired
	void accounts(ApplicationContext context) {
		this.accounts = new StaffAccounts(context);
	}

	@BeforeEach
	void accounts() {
		for (String name : List.of("tari", "umar")) {
			accounts.createEnabled(name, name.toUpperCase(), "tokens-test-password", Role.STAFF);
		}
		jdbc.update("DELETE FROM api_tokens");
		jdbc.update("DELETE FROM audit_events");
	}

	@AfterEach
	void forgetFailedSignIns() {
		jdbc.update("DELETE FROM sign_in_throttle");
	}

	@Test
	void aNewTokenIsShownOnceAndOnlyItsHashIsStored() throws Exception {
		MvcResult created = mvc
			.perform(post("/account/tokens").with(as("tari"))
				.with(csrf())
				.param("name", "nightly export")
				.param("expiry", "DAYS_30"))
			.andExpect(status().isOk())
			.andExpect(header().string("Cache-Control", "no-store"))
			.andExpect(content().string(containsString("it is not shown again")))
			.andReturn();
		String token = tokenIn(created);

		var row = jdbc.queryForMap("SELECT * FROM api_tokens");
		assertThat(row.get("token_hash")).isEqualTo(ApiTokens.sha256(token));
		assertThat(row.get("token_hint")).isEqualTo(token.substring(0, 8));
		assertThat(row.values()).noneMatch((value) -> value != null && value.toString().contains(token));
		Instant expires = ((Timestamp) row.get("expires_at")).toInstant();
		assertThat(expires).isBetween(Instant.now().plus(29, ChronoUnit.DAYS), Instant.now().plus(31, ChronoUnit.DAYS));

		// the list shows its name and first characters, never the token again
		mvc.perform(get("/account/tokens").with(as("tari")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("nightly export")))
			.andExpect(content().string(containsString(token.substring(0, 8) + "…")))
			.andExpect(content()
				.string(containsString("action=\"/account/tokens/" + idOf("nightly export") + "/revoke\"")))
			.andExpect(content().string(not(containsString(token))));
		// nor anyone else's list
		mvc.perform(get("/account/tokens").with(as("umar")))
			.andExpect(content().string(not(containsString("nightly export"))));
	}

	@Test
	void neverIsAnExpiryAndANameIsRequired() throws Exception {
		createToken("tari", "forever", "NEVER");
		assertThat(jdbc.queryForObject("SELECT expires_at FROM api_tokens", Timestamp.class)).isNull();

		mvc.perform(post("/account/tokens").with(as("tari")).with(csrf()).param("name", " ").param("expiry", "NEVER"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(matchesPattern("(?s).*" + TOKEN.pattern() + ".*"))));
		mvc.perform(post("/account/tokens").with(as("tari")).with(csrf()).param("name", "x").param("expiry", "DAYS_2"))
			.andExpect(content().string(containsString("Choose one of the listed expiries.")));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM api_tokens", Integer.class)).isEqualTo(1);
	}

	@Test
	void aTokenOpensTheApiWithItsOwnersRightsWithoutCsrfOrSession() throws Exception {
		String token = createToken("tari", "script", "DAYS_90");
		long tari = accounts.idOf("tari");
		long umar = accounts.idOf("umar");
		long tarisRun = finishedRun(tari);
		long umarsRun = finishedRun(umar);
		int sessionsBefore = sessions();

		mvc.perform(get("/api/outlook/sync-status").header("Authorization", "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.connected").value(false))
			.andExpect(header().doesNotExist("Set-Cookie"));
		mvc.perform(get("/api/sync/runs/{id}", tarisRun).header("Authorization", "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("succeeded"));
		// a staff member's token sees only their own runs, as they do
		mvc.perform(get("/api/sync/runs/{id}", umarsRun).header("Authorization", "bearer " + token))
			.andExpect(status().isNotFound());
		// a POST needs no CSRF token with a bearer token
		mvc.perform(post("/api/outlook/disconnect").header("Authorization", "Bearer " + token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.connected").value(false));

		assertThat(sessions()).isEqualTo(sessionsBefore);
	}

	@Test
	void pagesNeverAcceptABearerToken() throws Exception {
		String token = createToken("tari", "script", "DAYS_90");
		mvc.perform(get("/contacts").header("Authorization", "Bearer " + token))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login"));
		mvc.perform(get("/account/tokens").header("Authorization", "Bearer " + token))
			.andExpect(redirectedUrl("/login"));
		// and a page's POST is not saved: nobody is signed in, so it goes to sign-in (and
		// back to the form, saying it was not saved)
		mvc.perform(post("/account/tokens").header("Authorization", "Bearer " + token)
			.param("name", "sneaky")
			.param("expiry", "NEVER")).andExpect(redirectedUrl("/login"));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM api_tokens", Integer.class)).isEqualTo(1);
	}

	@Test
	void unknownExpiredRevokedAndDisabledOwnersTokensAreAllTheSame401() throws Exception {
		String expired = createToken("tari", "old", "DAYS_30");
		jdbc.update("UPDATE api_tokens SET expires_at = ? WHERE name = 'old'",
				Timestamp.from(Instant.now().minusSeconds(1)));
		String revoked = createToken("tari", "revoked", "DAYS_30");
		mvc.perform(post("/account/tokens/{id}/revoke", idOf("revoked")).with(as("tari")).with(csrf()))
			.andExpect(redirectedUrl("/account/tokens"))
			.andExpect(flash().attribute("flashMessage", "tokens.revoked"));
		String umars = createToken("umar", "umar's", "NEVER");
		mvc.perform(get("/api/outlook/sync-status").header("Authorization", "Bearer " + umars))
			.andExpect(status().isOk());
		accounts.disable("umar");

		String unknown = "wsc_" + "A".repeat(43);
		for (String token : List.of(expired, revoked, umars, unknown, "not-even-ours", "")) {
			mvc.perform(get("/api/outlook/sync-status").header("Authorization", "Bearer " + token))
				.andExpect(status().isUnauthorized())
				.andExpect(header().string("WWW-Authenticate", "Bearer error=\"invalid_token\""))
				.andExpect(content().json(INVALID_TOKEN_BODY, true));
		}
		// a POST with a bad token is a 401 too, not a CSRF 403
		mvc.perform(post("/api/outlook/disconnect").header("Authorization", "Bearer " + revoked))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("invalid_token"));
	}

	@Test
	void anAdminSeesAndRevokesAnyonesTokensAndStaffCannot() throws Exception {
		String token = createToken("tari", "tari's script", "DAYS_90");
		long id = idOf("tari's script");

		mvc.perform(get("/staff/tokens").with(as("umar"))).andExpect(status().isForbidden());
		mvc.perform(post("/staff/tokens/{id}/revoke", id).with(as("umar")).with(csrf()))
			.andExpect(status().isForbidden());
		mvc.perform(post("/account/tokens/{id}/revoke", id).with(as("umar")).with(csrf()))
			.andExpect(redirectedUrl("/account/tokens"))
			.andExpect(flash().attribute("flashError", "tokens.revoke.refused"));
		mvc.perform(get("/api/outlook/sync-status").header("Authorization", "Bearer " + token))
			.andExpect(status().isOk());

		mvc.perform(get("/staff/tokens").with(as("admin")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("tari&#39;s script")))
			.andExpect(content().string(containsString("(tari)")))
			.andExpect(content().string(containsString("action=\"/staff/tokens/" + id + "/revoke\"")))
			.andExpect(content().string(not(containsString(token))));
		mvc.perform(post("/staff/tokens/{id}/revoke", id).with(as("admin")).with(csrf()))
			.andExpect(redirectedUrl("/staff/tokens"))
			.andExpect(flash().attribute("flashMessage", "tokens.revoked"));
		mvc.perform(get("/api/outlook/sync-status").header("Authorization", "Bearer " + token))
			.andExpect(status().isUnauthorized());
		assertThat(jdbc.queryForObject("SELECT revoked_by FROM api_tokens WHERE id = ?", String.class, id))
			.isEqualTo("admin");
		// revoking twice is refused
		mvc.perform(post("/staff/tokens/{id}/revoke", id).with(as("admin")).with(csrf()))
			.andExpect(flash().attribute("flashError", "tokens.revoke.refused"));
	}

	@Test
	void lastUsedIsWrittenAtMostOnceAMinute() throws Exception {
		String token = createToken("tari", "busy", "DAYS_90");
		assertThat(lastUsed()).isNull();
		call(token).andExpect(status().isOk());
		Timestamp first = lastUsed();
		assertThat(first).isNotNull();
		call(token).andExpect(status().isOk());
		call(token).andExpect(status().isOk());
		assertThat(lastUsed()).isEqualTo(first);

		Timestamp twoMinutesAgo = Timestamp.from(Instant.now().minus(2, ChronoUnit.MINUTES));
		jdbc.update("UPDATE api_tokens SET last_used_at = ?", twoMinutesAgo);
		call(token).andExpect(status().isOk());
		assertThat(lastUsed()).isAfter(first);
	}

	@Test
	void creationFirstUseAndRevocationAreAuditedWithoutTheToken() throws Exception {
		String token = createToken("tari", "audited", "DAYS_90");
		call(token).andExpect(status().isOk());
		jdbc.update("UPDATE api_tokens SET last_used_at = ?", Timestamp.from(Instant.now().minusSeconds(120)));
		call(token).andExpect(status().isOk());
		mvc.perform(post("/account/tokens/{id}/revoke", idOf("audited")).with(as("tari")).with(csrf()));

		List<String> events = jdbc
			.queryForList("SELECT CONCAT(actor, ' ', action, ' ', target) FROM audit_events ORDER BY id", String.class);
		long id = idOf("audited");
		assertThat(events).containsExactly("tari api-token.created tari: audited (#" + id + ")",
				"tari api-token.first-used tari: audited (#" + id + ")",
				"tari api-token.revoked tari: audited (#" + id + ")");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_events WHERE target LIKE ? OR detail LIKE ?",
				Integer.class, "%" + token.substring(8) + "%", "%" + token.substring(8) + "%"))
			.isZero();
	}

	@Test
	void theTokenPageIsInTheMenu() throws Exception {
		mvc.perform(get("/contacts").with(as("tari")))
			.andExpect(content().string(containsString("id=\"nav-tokens\" href=\"/account/tokens\"")));
		// and its link to the API guide works
		mvc.perform(get("/help/api").with(as("tari")))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Authorization: Bearer")));
	}

	private ResultActions call(String token) throws Exception {
		return mvc.perform(get("/api/outlook/sync-status").header("Authorization", "Bearer " + token));
	}

	private Timestamp lastUsed() {
		return jdbc.queryForObject("SELECT last_used_at FROM api_tokens", Timestamp.class);
	}

	private String createToken(String username, String name, String expiry) throws Exception {
		return tokenIn(mvc
			.perform(
					post("/account/tokens").with(as(username)).with(csrf()).param("name", name).param("expiry", expiry))
			.andExpect(status().isOk())
			.andReturn());
	}

	private static String tokenIn(MvcResult result) throws Exception {
		Matcher matcher = TOKEN.matcher(result.getResponse().getContentAsString());
		assertThat(matcher.find()).as("the new token on the page").isTrue();
		return matcher.group();
	}

	private long idOf(String name) {
		return jdbc.queryForObject("SELECT id FROM api_tokens WHERE name = ?", Long.class, name);
	}

	private RequestPostProcessor as(String username) {
		return user(accounts.principal(username));
	}

	private long finishedRun(long staffId) {
		jdbc.update(
				"INSERT INTO sync_runs (staff_user_id, provider, trigger_type, status, started_at, finished_at) "
						+ "VALUES (?, 'outlook', 'manual', 'succeeded', ?, ?)",
				staffId, Timestamp.from(Instant.now()), Timestamp.from(Instant.now()));
		return jdbc.queryForObject("SELECT MAX(id) FROM sync_runs WHERE staff_user_id = ?", Long.class, staffId);
	}

	private int sessions() {
		return jdbc.queryForObject("SELECT COUNT(*) FROM SPRING_SESSION", Integer.class);
	}

}
