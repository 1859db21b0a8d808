package com.whiskeysocket.crm.outlook;

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

/** Without MICROSOFT_CLIENT_ID the app runs and says Outlook is not configured. */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class OutlookNotConfiguredIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void panelSaysNotConfiguredAndLinksTheSetupGuide() throws Exception {
		mvc.perform(get("/contacts"))
			.andExpect(content().string(containsString("Outlook is not configured yet.")))
			.andExpect(content().string(containsString("href=\"/help/outlook-setup\"")))
			.andExpect(content().string(not(containsString("Connect Outlook"))));
		mvc.perform(get("/help/outlook-setup"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith("text/html"))
			.andExpect(content().string(containsString("MICROSOFT_CLIENT_ID")));
	}

	@Test
	void connectExplainsInsteadOfFailing() throws Exception {
		mvc.perform(get("/auth/microsoft"))
			.andExpect(redirectedUrl("/contacts"))
			.andExpect(flash().attribute("flashError", "outlook.notConfigured"));
	}

	@Test
	void statusSaysNotConfigured() throws Exception {
		mvc.perform(get("/api/outlook/sync-status"))
			.andExpect(jsonPath("$.configured").value(false))
			.andExpect(jsonPath("$.connected").value(false))
			.andExpect(jsonPath("$.needsReconnect").value(false))
			.andExpect(jsonPath("$.lastSync").isEmpty());
	}

}
