package com.whiskeysocket.crm.security;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
class SecurityIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	/**
	 * The failed sign-ins these tests make from 127.0.0.1 must not delay the next test's
	 * sign-in (the throttle is shared by every class that reuses this context).
	 */
	@AfterEach
	void forgetFailedSignIns() {
		jdbc.update("DELETE FROM sign_in_throttle");
	}

	@Test
	void pagesRedirectToLoginWithoutASession() throws Exception {
		mvc.perform(get("/contacts")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
		mvc.perform(get("/staff")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
	}

	@Test
	void loginPageHealthAndAssetsArePublic() throws Exception {
		mvc.perform(get("/login"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("name=\"username\"")))
			.andExpect(content().string(containsString("name=\"_csrf\"")));
		mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
		mvc.perform(get("/css/app.css")).andExpect(status().isOk());
		mvc.perform(get("/js/app.js")).andExpect(status().isOk());
	}

	@Test
	void apiWithoutASessionIsA401JsonNotARedirect() throws Exception {
		mvc.perform(get("/api/outlook/sync-status"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith("application/json"))
			.andExpect(jsonPath("$.error").value("unauthorized"));
		mvc.perform(post("/api/outlook/sync-contacts"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error").value("unauthorized"));
	}

	@Test
	@WithUserDetails("admin")
	void apiPostWithoutCsrfTokenIsA403Json() throws Exception {
		mvc.perform(post("/api/outlook/disconnect"))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith("application/json"))
			.andExpect(jsonPath("$.error").value("csrf_token_invalid"));
	}

	@Test
	void adminSignsInWithTheConfiguredPasswordAndLandsOnContacts() throws Exception {
		mvc.perform(formLogin().user("admin").password("admin-password-for-tests"))
			.andExpect(redirectedUrl("/contacts"));
		mvc.perform(formLogin().user("admin").password("wrong")).andExpect(redirectedUrl("/login?error"));
	}

	@Test
	@WithUserDetails("admin")
	void pagesCarryCsrfMetaAndSecurityHeaders() throws Exception {
		mvc.perform(get("/contacts"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<meta name=\"_csrf\" content=\"")))
			.andExpect(content().string(containsString("<meta name=\"_csrf_header\" content=\"X-CSRF-TOKEN\">")))
			.andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
			.andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
			// the write-back switch's form redirects to the providers' consent pages
			.andExpect(header().string("Content-Security-Policy",
					containsString(
							"form-action 'self' https://accounts.google.com https://login.microsoftonline.com;")))
			.andExpect(header().string("Referrer-Policy", "same-origin"))
			.andExpect(header().string("X-Frame-Options", "DENY"));
	}

	@Test
	@WithUserDetails("admin")
	void unknownPageIsA404InTheLayout() throws Exception {
		mvc.perform(get("/no-such-page").accept("text/html")).andExpect(status().isNotFound());
	}

	@Test
	@WithUserDetails("admin")
	void logoutEndsTheSession() throws Exception {
		mvc.perform(post("/logout").with(csrf())).andExpect(redirectedUrl("/login?logout"));
	}

}
