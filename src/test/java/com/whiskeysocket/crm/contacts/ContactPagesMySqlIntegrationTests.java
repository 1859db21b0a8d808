package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The contacts page on MySQL/MariaDB: collation, utf8mb4 and the unique phone index. */
@MySqlIntegrationTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class ContactPagesMySqlIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ContactService contacts;

	@BeforeEach
	void emptyContacts() {
		jdbc.update("DELETE FROM contacts");
	}

	@Test
	void theWholeListCountsUpToTheCapLikeAFilteredOne() throws Exception {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < ContactListQuery.COUNT_CAP + 1; i++) {
			rows.add(new Object[] { "Kontak " + i, "62813" + String.format("%08d", i) });
		}
		jdbc.batchUpdate("INSERT INTO contacts (name, phone, source) VALUES (?, ?, 'whatsapp')", rows);

		mvc.perform(get("/contacts")).andExpect(content().string(containsString("1–50 of more than 10,000")));
		jdbc.update("DELETE FROM contacts WHERE phone = ?", "62813" + String.format("%08d", 0));
		mvc.perform(get("/contacts"))
			.andExpect(content().string(containsString("1–50 of 10,000")))
			.andExpect(content().string(org.hamcrest.Matchers.not(containsString("more than"))));
	}

	@Test
	void addSearchAndRefuseTheDuplicate() throws Exception {
		mvc.perform(post("/contacts").with(csrf())
			.param("name", "Rina 😀 Kusuma")
			.param("phone", "0812-3456-7890")
			.param("leadStatus", "NEW")).andExpect(redirectedUrlPattern("/contacts/*"));

		assertThat(jdbc.queryForMap("SELECT name, phone FROM contacts")).containsEntry("name", "Rina 😀 Kusuma")
			.containsEntry("phone", "6281234567890");
		mvc.perform(get("/contacts").param("q", "081234"))
			.andExpect(content().string(containsString("Rina 😀 Kusuma")));
		mvc.perform(get("/contacts").param("q", "kusuma"))
			.andExpect(content().string(containsString("Rina 😀 Kusuma")));
		// each typed word starts a word of the name, in any order, accents ignored
		mvc.perform(get("/contacts").param("q", "KUS rin"))
			.andExpect(content().string(containsString("Rina 😀 Kusuma")));
		mvc.perform(get("/contacts").param("q", "usuma")).andExpect(content().string(not(containsString("Kusuma"))));
		long id = jdbc.queryForObject("SELECT id FROM contacts", Long.class);
		mvc.perform(post("/contacts/{id}", id).with(csrf())
			.param("name", "Rina Santoso")
			.param("phone", "0812-3456-7890")
			.param("leadStatus", "NEW")).andExpect(redirectedUrlPattern("/contacts/*"));
		mvc.perform(get("/contacts").param("q", "sant")).andExpect(content().string(containsString("Rina Santoso")));
		mvc.perform(get("/contacts").param("q", "kusuma"))
			.andExpect(content().string(not(containsString("Rina Santoso"))));
		mvc.perform(post("/contacts").with(csrf())
			.param("name", "Other")
			.param("phone", "+62 812 3456 7890")
			.param("leadStatus", "NEW"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("This number already belongs to the contact")));
	}

	@Test
	void racingAddsOfOneNumberGiveOneRowAndReadableRefusals() throws Exception {
		int racers = 6;
		ExecutorService pool = Executors.newFixedThreadPool(racers);
		List<Callable<String>> adds = new ArrayList<>();
		for (int i = 0; i < racers; i++) {
			ContactForm form = new ContactForm("Racer " + i, "0812-9999-0000", null, null, LeadStatus.NEW, null, true,
					null, null);
			adds.add(() -> {
				try {
					contacts.create(form);
					return "added";
				}
				catch (PhoneRejectedException ex) {
					return ex.messageCode();
				}
			});
		}
		List<String> outcomes = new ArrayList<>();
		for (Future<String> outcome : pool.invokeAll(adds)) {
			outcomes.add(outcome.get());
		}
		pool.shutdown();

		assertThat(outcomes).containsOnlyOnce("added");
		assertThat(outcomes).filteredOn("contact.phone.duplicate"::equals).hasSize(racers - 1);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isOne();
	}

}
