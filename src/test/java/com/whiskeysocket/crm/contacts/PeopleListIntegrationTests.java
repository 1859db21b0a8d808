package com.whiskeysocket.crm.contacts;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The list shows the primary number and how many more; the search finds a person by any
 * of their numbers (as typed) and any of their emails.
 */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class PeopleListIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private ContactImport contactImport;

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeEach
	void onePersonWithThreeNumbersAndTwoEmails() {
		jdbc.update("DELETE FROM contacts");
		long staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		contactImport.importPage(Provider.OUTLOOK, staffId, 1,
				ImportPage.of(List.of(
						new IncomingContact("AAMk-1", "Rina Kusuma", null, null, null,
								List.of(LabeledValue.of("rina@example.com"), LabeledValue.of("rina.k@work.example")),
								List.of(LabeledValue.of("0812-1111-0001"), LabeledValue.of("021 555 0001"),
										LabeledValue.of("0813-2222-0002")),
								null, null),
						new IncomingContact("AAMk-2", "Budi", null, null, null, List.of(),
								List.of(LabeledValue.of("0811-9999-0000")), null, null))));
	}

	@Test
	void theListShowsThePrimaryNumberAndHowManyMore() throws Exception {
		mvc.perform(get("/contacts"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("+62 812-1111-0001")))
			.andExpect(content().string(containsString(">+2<")));
	}

	@Test
	void aSecondaryNumberFindsThePersonNationallyOrInternationally() throws Exception {
		for (String q : List.of("0813-2222-0002", "+62 813 2222", "021 555")) {
			mvc.perform(get("/contacts").param("q", q))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("Rina Kusuma")))
				.andExpect(content().string(not(containsString(">Budi<"))));
		}
	}

	@Test
	void anyEmailFindsThePerson() throws Exception {
		mvc.perform(get("/contacts").param("q", "Rina.K@work"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Rina Kusuma")))
			.andExpect(content().string(not(containsString(">Budi<"))));
	}

	@Test
	void theImportFilterFindsThoseWithANumberOrEmailAFileImportBrought() throws Exception {
		long admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		// a file brings Budi's number
		contactImport.importFile(admin, List
			.of(new FileContact(2, "Budi", List.of(), null, List.of(LabeledValue.of("0811-9999-0000")), null, null)));
		assertThat(jdbc.queryForList("SELECT source FROM contact_phone_sources WHERE phone = '6281199990000'",
				String.class))
			.contains("import");

		mvc.perform(get("/contacts").param("source", "import"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString(">Budi<")))
			.andExpect(content().string(not(containsString("Rina Kusuma"))))
			.andExpect(content().string(containsString("<option value=\"import\" selected=\"selected\">File import")));
		mvc.perform(get("/api/contacts").param("source", "import"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.total").value(1))
			.andExpect(jsonPath("$.items[0].name").value("Budi"))
			.andExpect(jsonPath("$.items[0].sources", hasItem("import")));

		// and one of Rina's emails, with her number
		contactImport.importFile(admin,
				List.of(new FileContact(3, "Rina Kusuma", List.of(LabeledValue.of("rina@example.com")), null,
						List.of(LabeledValue.of("0812-1111-0001")), null, null)));
		mvc.perform(get("/api/contacts").param("source", "import").param("sort", "name"))
			.andExpect(jsonPath("$.total").value(2))
			.andExpect(jsonPath("$.items[1].name").value("Rina Kusuma"));
		mvc.perform(get("/api/contacts").param("source", "both"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.source").value("Use one of: manual, outlook, google, whatsapp, import."));
	}

}
