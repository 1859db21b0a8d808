package com.whiskeysocket.crm.staff;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.crypto.password.PasswordEncoder;
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

	@Autowired
	private StaffRepository staff;

	@Autowired
	private PasswordEncoder passwordEncoder;

	@Autowired
	private StaffService staffService;

	@BeforeEach
	void account() {
		StaffUser dewi = staff.findByUsername("dewi")
			.orElseGet(() -> new StaffUser("dewi", "Dewi", passwordEncoder.encode(PASSWORD), Role.STAFF));
		dewi.enable();
		staff.save(dewi);
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
		StaffPrincipal admin = (StaffPrincipal) staffService.loadUserByUsername("admin");
		staffService.setEnabled(staff.findByUsername("dewi").orElseThrow().getId(), false, admin);
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
