package com.whiskeysocket.crm.google;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Without GOOGLE_CLIENT_ID the app runs and says Google is not configured. */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class GoogleNotConfiguredIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void panelSaysNotConfiguredAndLinksTheSetupGuide() throws Exception {
		mvc.perform(get("/contacts"))
			.andExpect(content().string(containsString("Google is not configured yet.")))
			.andExpect(content().string(containsString("href=\"/help/google-setup\"")))
			.andExpect(content().string(not(containsString("Connect Google"))));
		mvc.perform(get("/help/google-setup"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/html"))
			.andExpect(content().string(containsString("GOOGLE_CLIENT_ID")));
		mvc.perform(get("/help/application")).andExpect(status().isNotFound());
	}

	@Test
	void connectExplainsInsteadOfFailing() throws Exception {
		mvc.perform(get("/auth/google"))
			.andExpect(redirectedUrl("/contacts"))
			.andExpect(flash().attribute("flashError", "google.notConfigured"));
		mvc.perform(get("/auth/nobody")).andExpect(status().isNotFound());
	}

	@Test
	void statusSaysNotConfigured() throws Exception {
		mvc.perform(get("/api/google/sync-status"))
			.andExpect(jsonPath("$.configured").value(false))
			.andExpect(jsonPath("$.connected").value(false))
			.andExpect(jsonPath("$.lastSync").isEmpty());
	}

}
