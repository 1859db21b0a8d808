package com.whiskeysocket.crm.contacts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.staff.StaffPrincipal;
import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;

/**
 * {@code contacts.known_to_whatsapp} (V32), the "WhatsApp" filter's indexed column: the
 * source, or {@code whatsapp_linked}, which the migration fills from the links and every
 * write keeps as the links say: WhatsApp reaching a contact added by hand, a LID join (a
 * merge) and its undo.
 */
@MySqlIntegrationTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
class KnownToWhatsAppMySqlIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ContactImport contactImport;

	@Autowired
	private ContactMerges merges;

	@Autowired
	private UserDetailsService users;

	private long staffId;

	@BeforeEach
	void emptyContacts() {
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contact_merges");
		jdbc.update("DELETE FROM contacts");
		staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
	}

	@Test
	void theMigrationFillsItFromTheSourceAndTheLinks() throws IOException {
		long chat = person("Sari", "6281100000001", "whatsapp");
		long both = person("Agus", "6281100000002", "both");
		long linked = person("Hand Typed Rina", "6281100000003", "manual");
		jdbc.update("INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, first_seen_at, "
				+ "last_seen_at) VALUES (?, ?, 'whatsapp', '6281100000003@s.whatsapp.net', CURRENT_TIMESTAMP(6), "
				+ "CURRENT_TIMESTAMP(6))", linked, staffId);
		long neither = person("Dewi", "6281100000004", "outlook");

		String migration = new ClassPathResource("db/migration/V32__known_to_whatsapp.sql")
			.getContentAsString(StandardCharsets.UTF_8);
		jdbc.update("UPDATE contacts SET whatsapp_linked = FALSE");
		for (String statement : migration.replaceAll("(?m)^--.*$", "").split(";")) {
			if (statement.strip().startsWith("UPDATE")) {
				jdbc.update(statement);
			}
		}

		assertThat(known(chat)).isTrue();
		assertThat(known(both)).isTrue();
		assertThat(known(linked)).isTrue();
		assertThat(known(neither)).isFalse();
	}

	@Test
	void whatsAppReachingAContactAddedByHandPutsItInTheFilter() throws Exception {
		long hand = person("Hand Typed Rina", "6281234567890", "manual");
		person("Hand Typed Budi", "6281300000001", "manual");
		assertThat(known(hand)).isFalse();

		contactImport.importPage(Provider.WHATSAPP, staffId, 0, ImportPage.of(List
			.of(IncomingContact.whatsApp("6281234567890@s.whatsapp.net", "6281234567890", null, null, "Rina"))));

		assertThat(jdbc.queryForObject("SELECT source FROM contacts WHERE id = ?", String.class, hand))
			.isEqualTo("manual");
		assertThat(known(hand)).isTrue();
		mvc.perform(get("/contacts").param("source", "whatsapp"))
			.andExpect(content().string(containsString("Hand Typed Rina")))
			.andExpect(content().string(not(containsString("Hand Typed Budi"))));
	}

	@Test
	void aLidJoinMovesItToTheSurvivorAndItsUndoBack() {
		contactImport.importPage(Provider.OUTLOOK, staffId, 1, ImportPage.of(List.of(IncomingContact.simple("AAMk-1",
				"Budi Santoso", null, null, null, null, List.of("0812-1111-0009"), "ck-1", "folder-1"))));
		long numberPerson = jdbc.queryForObject("SELECT id FROM contacts", Long.class);
		contactImport.importPage(Provider.WHATSAPP, staffId, 0,
				ImportPage.of(List.of(IncomingContact.whatsApp("123456789@lid", null, null, null, "Budi"))));
		long lidPerson = jdbc.queryForObject("SELECT id FROM contacts WHERE id <> ?", Long.class, numberPerson);
		assertThat(known(numberPerson)).isFalse();
		assertThat(known(lidPerson)).isTrue();

		assertThat(contactImport.linkLid(staffId, "123456789@lid", "+6281211110009")).contains(numberPerson);
		assertThat(known(numberPerson)).isTrue();

		long mergeId = jdbc.queryForObject("SELECT MAX(id) FROM contact_merges", Long.class);
		merges.undo(mergeId, (StaffPrincipal) users.loadUserByUsername("admin"));
		assertThat(known(numberPerson)).isFalse();
		assertThat(known(lidPerson)).isTrue();
		assertThat(known(numberPerson)).isEqualTo(truth(numberPerson));
	}

	private long person(String name, String phone, String source) {
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES (?, ?, ?)", name, phone, source);
		long id = jdbc.queryForObject("SELECT id FROM contacts WHERE phone = ?", Long.class, phone);
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
				+ "VALUES (?, ?, 'mobile', TRUE, CURRENT_TIMESTAMP(6))", phone, id);
		return id;
	}

	private boolean known(long id) {
		return jdbc.queryForObject("SELECT known_to_whatsapp FROM contacts WHERE id = ?", Boolean.class, id);
	}

	private boolean truth(long id) {
		return jdbc.queryForObject("SELECT source IN ('whatsapp', 'both') OR " + ContactChanges.WHATSAPP_LINKED
				+ " FROM contacts WHERE id = ?", Boolean.class, id);
	}

}
