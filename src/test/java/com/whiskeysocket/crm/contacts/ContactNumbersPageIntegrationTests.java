package com.whiskeysocket.crm.contacts;

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
import static org.hamcrest.Matchers.stringContainsInOrder;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A contact's page shows the person: every number with its label and what knows it, chat
 * and call on each, every email, and each address book or WhatsApp that feeds it.
 */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class ContactNumbersPageIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	private long rina;

	private long budi;

	@BeforeEach
	void staffAndNoContacts() {
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM staff_users WHERE username IN ('rina-pages', 'budi-pages')");
		jdbc.update("INSERT INTO staff_users (username, display_name, password_hash) "
				+ "VALUES ('rina-pages', 'Rina', 'x'), ('budi-pages', 'Budi', 'x')");
		rina = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'rina-pages'", Long.class);
		budi = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'budi-pages'", Long.class);
	}

	@Test
	void everyNumberShowsWithItsLabelSourcesAndChatOnEachMobile() throws Exception {
		long id = fourNumbers(jdbc, rina, budi);

		String page = mvc.perform(get("/contacts/{id}", id))
			.andExpect(status().isOk())
			.andExpect(
					content().string(stringContainsInOrder("+62 812-3456-7890", "mobile", "primary", "+62 21 5550123",
							"work", "+62 811-2222-3333", "Toko &lt;b&gt;Pasar&lt;/b&gt;", "+62 813-9999-0000")))
			// a number typed by hand and known to Rina's Outlook
			.andExpect(content().string(containsString("Added by hand")))
			.andExpect(content().string(containsString("Outlook</span> · <span>Rina&#39;s mailbox</span>")))
			.andExpect(content().string(containsString("WhatsApp</span> · <span>linked by Budi</span>")))
			.andExpect(content().string(containsString("href=\"mailto:rina@example.com\"")))
			.andExpect(content().string(containsString("href=\"mailto:rina@office.example\"")))
			.andExpect(content().string(not(containsString("<b>Pasar"))))
			.andReturn()
			.getResponse()
			.getContentAsString();
		// call on every number, WhatsApp on each mobile, not on the office line
		assertThat(count(page, "class=\"btn btn-sm btn-outline-primary number-call\"")).isEqualTo(4);
		assertThat(count(page, "class=\"btn btn-sm btn-outline-success number-chat\"")).isEqualTo(3);
		assertThat(page).doesNotContain("https://wa.me/622155501230");
		assertThat(page).contains("tel:+622155501230");
	}

	@Test
	void aWhatsAppContactWithoutANumberSaysItIsHidden() throws Exception {
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Lid Only', NULL, 'whatsapp')");
		long id = jdbc.queryForObject("SELECT id FROM contacts", Long.class);
		jdbc.update("INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, first_seen_at, "
				+ "last_seen_at) VALUES (?, ?, 'whatsapp', '1234567890@lid', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", id,
				budi);

		mvc.perform(get("/contacts/{id}", id))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("WhatsApp · number hidden")))
			.andExpect(content().string(not(containsString("wa.me"))))
			.andExpect(content().string(not(containsString("id=\"chat-whatsapp\""))));
	}

	/**
	 * Rina with four numbers (three mobiles, an office line), two emails, in Rina's
	 * Outlook and Budi's WhatsApp.
	 */
	static long fourNumbers(JdbcTemplate jdbc, long rina, long budi) {
		jdbc.update("INSERT INTO contacts (name, phone, email, source) "
				+ "VALUES ('Rina Kusuma', '6281234567890', 'rina@example.com', 'manual')");
		long id = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = '6281234567890'", Long.class);
		phone(jdbc, id, "6281234567890", "mobile", true, "1");
		phone(jdbc, id, "622155501230", "work", false, "2");
		phone(jdbc, id, "6281122223333", "Toko <b>Pasar</b>", false, "3");
		phone(jdbc, id, "6281399990000", null, false, "4");
		jdbc.update("INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at) VALUES "
				+ "('6281234567890', 'manual', 0, CURRENT_TIMESTAMP), ('6281234567890', 'outlook', ?, CURRENT_TIMESTAMP), "
				+ "('6281399990000', 'whatsapp', ?, CURRENT_TIMESTAMP)", rina, budi);
		jdbc.update(
				"INSERT INTO contact_emails (contact_id, email_key, email, label, is_primary, created_at) VALUES "
						+ "(?, 'rina@example.com', 'rina@example.com', 'home', TRUE, CURRENT_TIMESTAMP), "
						+ "(?, 'rina@office.example', 'rina@office.example', 'work', FALSE, CURRENT_TIMESTAMP)",
				id, id);
		jdbc.update(
				"INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, first_seen_at, "
						+ "last_seen_at) VALUES (?, ?, 'outlook', 'AAMk-1', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), "
						+ "(?, ?, 'whatsapp', '6281399990000@s.whatsapp.net', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
				id, rina, id, budi);
		return id;
	}

	private static void phone(JdbcTemplate jdbc, long id, String phone, String label, boolean primary, String second) {
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
				+ "VALUES (?, ?, ?, ?, ?)", phone, id, label, primary, "2026-01-01 00:00:0" + second);
	}

	private static int count(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}

}
