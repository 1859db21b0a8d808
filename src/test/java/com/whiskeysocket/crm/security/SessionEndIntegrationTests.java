package com.whiskeysocket.crm.security;

import com.whiskeysocket.crm.staff.StaffAccounts;
import com.whiskeysocket.crm.staff.Role;
import org.springframework.context.ApplicationContext;
import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
class SessionEndIntegrationTests {

	private static final String PASSWORD = "session-end-password";

	@Autowired
	private MockMvc mvc;

	private StaffAccounts accounts;

	@Autowired
	void accounts(ApplicationContext context) {
		this.accounts = new StaffAccounts(context);
	}

	@BeforeEach
	void account() {
		accounts.createEnabled("dewi", "Dewi", PASSWORD, Role.STAFF);
	}

	@Test
	void aDisabledPersonsNextPageGoesToSignInWithAMessage() throws Exception {
		Cookie session = signIn();
		mvc.perform(get("/contacts").cookie(session)).andExpect(status().isOk());
		disableDewi();

		mvc.perform(get("/contacts").cookie(session)).andExpect(redirectedUrl("/login?expired"));
		mvc.perform(get("/login").param("expired", ""))
			.andExpect(content().string(containsString("Your session has ended. Sign in again.")));
	}

	@Test
	void aDisabledPersonsNextApiCallIsA401Json() throws Exception {
		Cookie session = signIn();
		disableDewi();

		mvc.perform(get("/api/outlook/sync-status").cookie(session))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith("application/json"))
			.andExpect(jsonPath("$.error").value("session_expired"));
	}

	@Test
	void aTimedOutSessionSendsPagesToSignInWithAMessageAndTheApiA401Json() throws Exception {
		mvc.perform(get("/contacts").with(staleSession())).andExpect(redirectedUrl("/login?expired"));
		mvc.perform(get("/api/outlook/sync-status").with(staleSession()))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("session_expired"));
		mvc.perform(get("/contacts")).andExpect(redirectedUrl("/login"));
	}

	private Cookie signIn() throws Exception {
		return mvc.perform(formLogin().user("dewi").password(PASSWORD))
			.andExpect(redirectedUrl("/contacts"))
			.andReturn()
			.getResponse()
			.getCookie("SESSION");
	}

	private void disableDewi() {
		accounts.disable("dewi");
	}

	/**
	 * A session cookie whose session the store no longer has (sessions live in the
	 * database).
	 */
	private static RequestPostProcessor staleSession() {
		return (request) -> {
			request.setCookies(new Cookie("SESSION",
					java.util.Base64.getEncoder().encodeToString("timed-out-session".getBytes())));
			return request;
		};
	}

}
