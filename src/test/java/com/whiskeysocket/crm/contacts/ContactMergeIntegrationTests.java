package com.whiskeysocket.crm.contacts;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The merge page, the merge and undo endpoints and where merged-away URLs lead. */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class ContactMergeIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	private long rina;

	private long rinaOutlook;

	@BeforeEach
	void twoRinas() {
		jdbc.update("DELETE FROM contact_merges");
		jdbc.update("DELETE FROM contacts");
		jdbc.update("INSERT INTO contacts (name, phone, source, updated_at) VALUES "
				+ "('Rina', '6281200000001', 'whatsapp', '2026-03-01 10:00:00'), "
				+ "('Rina Kusuma', '6281200000002', 'outlook', '2026-03-02 10:00:00')");
		rina = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = '6281200000001'", Long.class);
		rinaOutlook = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = '6281200000002'", Long.class);
	}

	@Test
	void theMergePageOffersEveryValueWithTheNewestChosen() throws Exception {
		mvc.perform(get("/contacts/merge").param("ids", String.valueOf(rina), String.valueOf(rinaOutlook)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Merge 2 contacts")))
			.andExpect(content()
				.string(containsString("id=\"field-name-" + rinaOutlook + "\" value=\"" + rinaOutlook + "\" checked")))
			.andExpect(content().string(containsString("+62 812-0000-0001")));
	}

	@Test
	void aMergeOnThePageLeadsTheOtherPageToTheSurvivorAndCanBeUndoneThere() throws Exception {
		mvc.perform(post("/contacts/merge").with(csrf())
			.param("ids", String.valueOf(rina), String.valueOf(rinaOutlook))
			.param("keep", String.valueOf(rina))
			.param("field_name", String.valueOf(rina)))
			.andExpect(redirectedUrl("/contacts/" + rina))
			.andExpect(flash().attribute("flashMessage", "merge.done"));

		assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE id = ?", String.class, rina)).isEqualTo("Rina");
		mvc.perform(get("/contacts/" + rinaOutlook)).andExpect(redirectedUrl("/contacts/" + rina));
		mvc.perform(get("/contacts/" + rinaOutlook + "/edit")).andExpect(redirectedUrl("/contacts/" + rina + "/edit"));
		mvc.perform(get("/api/contacts/" + rinaOutlook)).andExpect(redirectedUrl("/api/contacts/" + rina));
		long mergeId = jdbc.queryForObject("SELECT id FROM contact_merges", Long.class);
		mvc.perform(get("/contacts/" + rina))
			.andExpect(content().string(containsString("Merged with 1 other contact by")))
			.andExpect(content().string(containsString("/contacts/merges/" + mergeId + "/undo")));
		mvc.perform(get("/audit").param("action", "contacts.merged"))
			.andExpect(content().string(containsString("href=\"/contacts/merges/" + mergeId + "\"")));
		mvc.perform(get("/contacts/merges/" + mergeId)).andExpect(content().string(containsString("Undo merge")));

		mvc.perform(post("/contacts/merges/" + mergeId + "/undo").with(csrf()))
			.andExpect(redirectedUrl("/contacts/" + rina))
			.andExpect(flash().attribute("flashMessage", "merge.undone"));

		mvc.perform(get("/contacts/" + rinaOutlook)).andExpect(status().isOk());
		mvc.perform(get("/contacts/" + rina)).andExpect(content().string(not(containsString("merged-banner"))));
		mvc.perform(post("/contacts/merges/" + mergeId + "/undo").with(csrf()))
			.andExpect(status().isConflict())
			.andExpect(content().string(containsString("was already undone")));
	}

	@Test
	void theApiMergesShowsADryRunAndRefusesASecondMergeOfTheSameContact() throws Exception {
		String body = "{\"ids\": [" + rina + ", " + rinaOutlook + "], \"keep\": " + rina + ", \"dryRun\": true}";
		mvc.perform(post("/api/contacts/merge").with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.mergeId").value(nullValue()))
			.andExpect(jsonPath("$.contact.id").value(rina))
			.andExpect(jsonPath("$.contact.name").value("Rina Kusuma"));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isEqualTo(2);

		String merge = body.replace("true", "false").replace("}", ", \"fields\": {\"name\": " + rina + "}}");
		String answer = mvc
			.perform(post("/api/contacts/merge").with(csrf()).contentType(MediaType.APPLICATION_JSON).content(merge))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.contact.name").value("Rina"))
			.andExpect(jsonPath("$.contact.phone").value("6281200000002"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		long mergeId = Long.parseLong(answer.replaceAll(".*\"mergeId\":(\\d+).*", "$1"));

		mvc.perform(post("/api/contacts/merge").with(csrf()).contentType(MediaType.APPLICATION_JSON).content(merge))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.error").value("already_merged"))
			.andExpect(jsonPath("$.message").value(containsString("was already merged into contact " + rina)));
		mvc.perform(post("/api/contacts/merge").with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"ids\": [" + rina + "], \"keep\": " + rina + "}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("invalid_ids"));

		mvc.perform(post("/api/contacts/merges/" + mergeId + "/undo").with(csrf()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.contacts", hasSize(2)))
			.andExpect(jsonPath("$.contacts[1].name").value("Rina Kusuma"));
		mvc.perform(post("/api/contacts/merges/999999/undo").with(csrf()))
			.andExpect(status().isNotFound())
			.andExpect(header().string("Content-Type", containsString("json")));
	}

}
