package com.whiskeysocket.crm.whatsapp;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Without WA_GATEWAY_URL the app runs and says WhatsApp is not configured. */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class WhatsAppNotConfiguredIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Test
	void panelSaysNotConfiguredAndLinksTheSetupGuide() throws Exception {
		mvc.perform(get("/contacts"))
			.andExpect(content().string(containsString("WhatsApp is not configured yet.")))
			.andExpect(content().string(containsString("href=\"/help/whatsapp-setup\"")))
			.andExpect(content().string(not(containsString("Link WhatsApp"))));
		mvc.perform(get("/help/whatsapp-setup"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("WA_GATEWAY_URL")));
	}

	@Test
	void linkAndSyncExplainInsteadOfFailing() throws Exception {
		mvc.perform(post("/api/whatsapp/link").with(csrf()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.error").value("whatsapp_not_configured"));
		mvc.perform(post("/api/whatsapp/sync-contacts").with(csrf()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.error").value("whatsapp_not_configured"));
		mvc.perform(get("/api/whatsapp/link"))
			.andExpect(jsonPath("$.configured").value(false))
			.andExpect(jsonPath("$.state").value("none"));
	}

}
