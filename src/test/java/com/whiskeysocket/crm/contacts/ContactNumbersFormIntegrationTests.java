package com.whiskeysocket.crm.contacts;

import java.util.List;
import java.util.Map;

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
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The add and edit forms with several numbers and emails: rows added and removed, labels,
 * the primary chosen, every row's error at once, and a number that is someone's linking
 * to that person.
 */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class ContactNumbersFormIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeEach
	void noContacts() {
		jdbc.update("DELETE FROM contacts");
	}

	@Test
	void aNewContactKeepsEveryNumberAndEmailWithItsLabelAndTheChosenPrimary() throws Exception {
		mvc.perform(post("/contacts").with(csrf())
			.param("name", "Rina Kusuma")
			.param("phones[0].number", "0812-3456-7890")
			.param("phones[0].label", "mobile")
			.param("phones[1].number", "+62 21 5550 1230")
			.param("phones[1].label", "work")
			.param("phones[2].number", "")
			.param("phones[2].label", "home")
			.param("primaryPhone", "1")
			.param("emails[0].address", "rina@example.com")
			.param("emails[0].label", "home")
			.param("emails[1].address", "rina@office.example")
			.param("emails[1].label", "work")
			.param("primaryEmail", "1")
			.param("leadStatus", "NEW")).andExpect(redirectedUrlPattern("/contacts/*"));

		assertThat(jdbc.queryForMap("SELECT phone, email FROM contacts")).containsEntry("phone", "622155501230")
			.containsEntry("email", "rina@office.example");
		List<Map<String, Object>> phones = jdbc
			.queryForList("SELECT phone, label, is_primary FROM contact_phones ORDER BY phone");
		assertThat(phones).extracting((row) -> row.get("phone") + " " + row.get("label") + " " + row.get("is_primary"))
			.containsExactly("622155501230 work true", "6281234567890 mobile false");
		assertThat(jdbc.queryForList("SELECT email FROM contact_emails ORDER BY email", String.class))
			.containsExactly("rina@example.com", "rina@office.example");
	}

	@Test
	void rowsAreAddedAndRemovedWithoutSaving() throws Exception {
		mvc.perform(post("/contacts").with(csrf())
			.param("name", "")
			.param("phones[0].number", "0812-3456-7890")
			.param("phones[0].label", "mobile")
			.param("primaryPhone", "0")
			.param("leadStatus", "NEW")
			.param("rows", "add-phone"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"phone-1\"")))
			.andExpect(content().string(containsString("value=\"0812-3456-7890\"")))
			// not saved, and no errors for what is not filled in yet
			.andExpect(content().string(not(containsString("Enter a name"))));
		mvc.perform(post("/contacts").with(csrf())
			.param("name", "Rina")
			.param("phones[0].number", "0812-3456-7890")
			.param("phones[1].number", "0811-2222-3333")
			.param("primaryPhone", "1")
			.param("leadStatus", "NEW")
			.param("rows", "remove-phone-0"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("value=\"0812-3456-7890\""))))
			.andExpect(content().string(containsString("value=\"0811-2222-3333\"")))
			.andExpect(content().string(not(containsString("id=\"phone-1\""))))
			.andExpect(content().string(containsString("id=\"primary-phone-0\" value=\"0\" checked")));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isZero();
	}

	@Test
	void everyRowsErrorShowsAtOnceAndATakenNumberLinksToItsPerson() throws Exception {
		mvc.perform(post("/contacts").with(csrf())
			.param("name", "Budi")
			.param("phone", "0811-2222-3333")
			.param("leadStatus", "NEW"));
		long budi = jdbc.queryForObject("SELECT id FROM contacts", Long.class);

		mvc.perform(post("/contacts").with(csrf())
			.param("name", "Rina")
			.param("phones[0].number", "12")
			.param("phones[1].number", "+62 811 2222 3333")
			.param("emails[0].address", "not-an-email")
			.param("leadStatus", "NEW"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"phone-error\"")))
			.andExpect(content().string(containsString("This is not a valid phone number")))
			.andExpect(content().string(containsString("id=\"phone-error-1\"")))
			.andExpect(content().string(containsString("This number already belongs to the contact “Budi”")))
			.andExpect(content().string(containsString("id=\"duplicate-link\" href=\"/contacts/" + budi + "\"")))
			.andExpect(content().string(containsString("This is not a valid email address.")));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isOne();
	}

	@Test
	void aContactKnownOnlyByAWhatsAppLidIsEditedWithoutANumber() throws Exception {
		jdbc.update("INSERT INTO contacts (name, phone, source, lead_status, created_at, updated_at) "
				+ "VALUES ('Lid Only', NULL, 'whatsapp', 'new', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
		long id = jdbc.queryForObject("SELECT id FROM contacts", Long.class);
		long version = jdbc.queryForObject("SELECT version FROM contacts WHERE id = ?", Long.class, id);
		mvc.perform(get("/contacts/{id}/edit", id))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"phone\"")));

		// the form's one empty number row, as the browser sends it
		mvc.perform(post("/contacts/{id}", id).with(csrf())
			.param("name", "Lid Only (Bandung)")
			.param("phones[0].number", "")
			.param("phones[0].label", "")
			.param("primaryPhone", "0")
			.param("emails[0].address", "")
			.param("primaryEmail", "0")
			.param("company", "Toko Lid")
			.param("leadStatus", "CONTACTED")
			.param("version", String.valueOf(version))).andExpect(redirectedUrl("/contacts/" + id));

		assertThat(jdbc.queryForMap("SELECT name, phone, company, lead_status FROM contacts WHERE id = ?", id))
			.containsEntry("name", "Lid Only (Bandung)")
			.containsEntry("phone", null)
			.containsEntry("company", "Toko Lid")
			.containsEntry("lead_status", "contacted");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_phones", Integer.class)).isZero();
	}

	@Test
	void aNewContactStillNeedsANumber() throws Exception {
		mvc.perform(post("/contacts").with(csrf())
			.param("name", "Tanpa Nomor")
			.param("phones[0].number", "")
			.param("primaryPhone", "0")
			.param("leadStatus", "NEW"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Enter a phone number.")));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isZero();
	}

	@Test
	void theEditFormShowsEveryNumberAndSavingReplacesThem() throws Exception {
		jdbc.update("DELETE FROM staff_users WHERE username IN ('rina-form', 'budi-form')");
		jdbc.update("INSERT INTO staff_users (username, display_name, password_hash) "
				+ "VALUES ('rina-form', 'Rina', 'x'), ('budi-form', 'Budi', 'x')");
		long id = ContactNumbersPageIntegrationTests.fourNumbers(jdbc,
				jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'rina-form'", Long.class),
				jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'budi-form'", Long.class));
		long version = jdbc.queryForObject("SELECT version FROM contacts WHERE id = ?", Long.class, id);

		mvc.perform(get("/contacts/{id}/edit", id))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"+62 812-3456-7890\"")))
			.andExpect(content().string(containsString("id=\"phone-3\"")))
			// a source's own label is kept as an option, escaped
			.andExpect(content().string(containsString("<option value=\"Toko &lt;b&gt;Pasar&lt;/b&gt;\" selected")))
			.andExpect(content().string(containsString("id=\"primary-phone-0\" value=\"0\" checked")))
			.andExpect(content().string(containsString("value=\"rina@office.example\"")));

		mvc.perform(post("/contacts/{id}", id).with(csrf())
			.param("name", "Rina Kusuma")
			.param("phones[0].number", "+62 812-3456-7890")
			.param("phones[0].label", "mobile")
			.param("phones[1].number", "0813-9999-0000")
			.param("phones[1].label", "Toko <b>Pasar</b>")
			.param("phones[2].number", "0857-1111-2222")
			.param("phones[2].label", "home")
			.param("primaryPhone", "2")
			.param("emails[0].address", "rina@example.com")
			.param("primaryEmail", "0")
			.param("leadStatus", "NEW")
			.param("version", String.valueOf(version))).andExpect(redirectedUrl("/contacts/" + id));

		assertThat(jdbc.queryForList("SELECT phone FROM contact_phones WHERE contact_id = ? ORDER BY phone",
				String.class, id))
			.containsExactly("6281234567890", "6281399990000", "6285711112222");
		assertThat(jdbc.queryForObject("SELECT phone FROM contacts WHERE id = ?", String.class, id))
			.isEqualTo("6285711112222");
		// what knew a number that stays still knows it
		assertThat(jdbc.queryForObject(
				"SELECT COUNT(*) FROM contact_phone_sources WHERE phone = '6281399990000' " + "AND source = 'whatsapp'",
				Integer.class))
			.isOne();
		assertThat(jdbc.queryForList("SELECT email FROM contact_emails WHERE contact_id = ?", String.class, id))
			.containsExactly("rina@example.com");
	}

}
