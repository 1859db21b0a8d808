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
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A salesperson's day: the contact's page, owners and "My contacts", status changes in
 * place, notes, bulk changes and the form's errors all at once.
 */
@SpringBootTest(properties = "crm.display.time-zone=Asia/Jakarta")
@AutoConfigureMockMvc
@WithUserDetails("admin")
class ContactWorkIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	private long admin;

	private long rina;

	@BeforeEach
	void staffAndNoContacts() {
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM audit_events");
		jdbc.update("DELETE FROM staff_users WHERE username = 'rina'");
		jdbc.update(
				"INSERT INTO staff_users (username, display_name, password_hash) VALUES ('rina', 'Rina Sales', 'x')");
		admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		rina = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'rina'", Long.class);
	}

	@Test
	void contactPageShowsEveryFieldTheSourcesAndChatAndCallLinks() throws Exception {
		long id = insert("Budi Santoso", "6281122223333", "won", rina);
		jdbc.update("UPDATE contacts SET email = 'budi@example.com', company = 'PT Maju', notes = 'Met at the fair', "
				+ "created_at = '2026-01-05 03:04:00' WHERE id = ?", id);
		jdbc.update("INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, first_seen_at, "
				+ "last_seen_at) VALUES (?, ?, 'outlook', 'AAMk-1', '2026-01-05 03:04:00', '2026-01-06 10:00:00')", id,
				rina);

		mvc.perform(get("/contacts/{id}", id))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<title>Budi Santoso · Whiskeysocket CRM</title>")))
			.andExpect(content().string(containsString("href=\"https://wa.me/6281122223333\"")))
			.andExpect(content().string(containsString("href=\"tel:+6281122223333\"")))
			.andExpect(content().string(containsString("budi@example.com")))
			.andExpect(content().string(containsString("PT Maju")))
			.andExpect(content().string(containsString("Met at the fair")))
			.andExpect(content().string(containsString("Rina Sales&#39;s mailbox")))
			// 03:04 UTC is 10:04 in Jakarta, and the zone is named
			.andExpect(content().string(containsString("5 Jan 2026, 10:04 WIB")))
			.andExpect(content().string(containsString("6 Jan 2026, 17:00 WIB")))
			.andExpect(content().string(containsString("<option value=\"won\" selected=\"selected\">Won</option>")));
	}

	@Test
	void statusChangesInPlaceAndAnswersHtmxWithTheFragment() throws Exception {
		long id = insert("Budi", "6281122223333", "new", null);

		mvc.perform(post("/contacts/{id}/status", id).with(csrf())
			.param("status", "qualified")
			.header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("class=\"status-form\"")))
			.andExpect(content().string(containsString("<option value=\"qualified\" selected=\"selected\">")))
			.andExpect(content().string(containsString("Saved")))
			.andExpect(content().string(not(containsString("<html"))));
		assertThat(jdbc.queryForObject("SELECT lead_status FROM contacts", String.class)).isEqualTo("qualified");

		mvc.perform(post("/contacts/{id}/status", id).with(csrf()).param("status", "lost"))
			.andExpect(redirectedUrl("/contacts/" + id));
		assertThat(jdbc.queryForObject("SELECT lead_status FROM contacts", String.class)).isEqualTo("lost");
		mvc.perform(post("/contacts/{id}/status", id).with(csrf()).param("status", "bogus"))
			.andExpect(status().isBadRequest());
		mvc.perform(post("/contacts/999999/status").with(csrf()).param("status", "won"))
			.andExpect(status().isNotFound());
	}

	@Test
	void ownerIsAssignedAndMyContactsShowsOnlyMine() throws Exception {
		long budi = insert("Budi", "6281122223333", "new", null);
		insert("Sari", "6281300000001", "new", rina);

		mvc.perform(post("/contacts/{id}/owner", budi).with(csrf()).param("owner", String.valueOf(admin)))
			.andExpect(redirectedUrl("/contacts/" + budi));
		mvc.perform(get("/contacts").param("owner", "me"))
			.andExpect(content().string(containsString("Budi")))
			.andExpect(content().string(not(containsString("Sari"))))
			.andExpect(content().string(containsString("<title>My contacts · Whiskeysocket CRM</title>")));
		mvc.perform(get("/contacts").param("owner", String.valueOf(rina)))
			.andExpect(content().string(containsString("Sari")))
			.andExpect(content().string(not(containsString(">Budi<"))));
		mvc.perform(post("/contacts/{id}/owner", budi).with(csrf()).param("owner", ""));
		mvc.perform(get("/contacts").param("owner", "none"))
			.andExpect(content().string(containsString(">Budi<")))
			.andExpect(content().string(not(containsString("Sari"))));
		mvc.perform(post("/contacts/{id}/owner", budi).with(csrf()).param("owner", "424242"))
			.andExpect(status().isBadRequest());
	}

	@Test
	void listFiltersByLeadStatus() throws Exception {
		insert("Budi", "6281122223333", "won", null);
		insert("Sari", "6281300000001", "lost", null);
		mvc.perform(get("/contacts").param("status", "won"))
			.andExpect(content().string(containsString(">Budi<")))
			.andExpect(content().string(not(containsString(">Sari<"))));
	}

	@Test
	void notesAreAddedWithAuthorAndShownNewestFirst() throws Exception {
		long id = insert("Budi", "6281122223333", "new", null);
		mvc.perform(post("/contacts/{id}/notes", id).with(csrf()).param("body", "Called, wants a quote"))
			.andExpect(redirectedUrl("/contacts/" + id + "#notes"))
			.andExpect(flash().attribute("flashMessage", "note.added"));
		mvc.perform(post("/contacts/{id}/notes", id).with(csrf()).param("body", "Sent the <quote>"));
		mvc.perform(post("/contacts/{id}/notes", id).with(csrf()).param("body", "  "))
			.andExpect(flash().attribute("flashError", "note.invalid"));

		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_notes", Integer.class)).isEqualTo(2);
		mvc.perform(get("/contacts/{id}", id))
			.andExpect(content().string(stringContainsInOrder("Sent the &lt;quote&gt;", "Called, wants a quote")))
			.andExpect(content().string(containsString("just now")));
	}

	@Test
	void bulkSetsStatusAndOwnerOfTickedOrAllMatchingAndDeletesAfterNamingTheCount() throws Exception {
		long a = insert("Alpha Lead", "6281300000001", "new", null);
		long b = insert("Beta Lead", "6281300000002", "new", null);
		insert("Gamma Other", "6281300000003", "new", null);

		mvc.perform(post("/contacts/bulk").with(csrf())
			.param("action", "status")
			.param("newStatus", "contacted")
			.param("ids", String.valueOf(a), String.valueOf(b))
			.param("q", "Lead"))
			.andExpect(redirectedUrl("/contacts?q=Lead"))
			.andExpect(flash().attribute("flashMessage", "bulk.statusSet"));
		assertThat(jdbc.queryForList("SELECT lead_status FROM contacts ORDER BY phone", String.class))
			.containsExactly("contacted", "contacted", "new");

		mvc.perform(post("/contacts/bulk").with(csrf())
			.param("action", "owner")
			.param("assignTo", String.valueOf(rina))
			.param("allMatching", "true")
			.param("q", "Lead"));
		assertThat(jdbc.queryForList("SELECT owner_id FROM contacts ORDER BY phone", Long.class)).containsExactly(rina,
				rina, null);

		mvc.perform(post("/contacts/bulk").with(csrf())
			.param("action", "delete")
			.param("allMatching", "true")
			.param("owner", String.valueOf(rina)))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Delete 2 contacts? This cannot be undone.")));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isEqualTo(3);
		mvc.perform(post("/contacts/bulk/delete").with(csrf())
			.param("allMatching", "true")
			.param("owner", String.valueOf(rina))).andExpect(flash().attribute("flashMessage", "bulk.deleted"));
		assertThat(jdbc.queryForList("SELECT name FROM contacts", String.class)).containsExactly("Gamma Other");
		assertThat(jdbc.queryForList("SELECT CONCAT(actor, ' ', target, ': ', detail) FROM audit_events "
				+ "WHERE action = 'contacts.bulk-changed' ORDER BY id", String.class))
			.containsSubsequence("admin status contacted: 2 contacts, ticked",
					"admin owner staff " + rina + ": 2 contacts, all matching the filters",
					"admin delete: 2 contacts, all matching the filters");

		mvc.perform(post("/contacts/bulk").with(csrf()).param("action", "status").param("newStatus", "won"))
			.andExpect(flash().attribute("flashError", "bulk.nothingSelected"));
	}

	@Test
	void pagingSaysWhichRowsOfHowMany() throws Exception {
		for (int i = 0; i < 120; i++) {
			jdbc.update("INSERT INTO contacts (name, phone) VALUES (?, ?)", "Person %03d".formatted(i),
					"62812000%05d".formatted(i));
		}
		mvc.perform(get("/contacts").param("page", "1")).andExpect(content().string(containsString("51–100 of 120")));
		mvc.perform(get("/contacts").header("Accept-Language", "id"))
			.andExpect(content().string(containsString("1–50 dari 120")));
	}

	@Test
	void emptyListInvitesToAddTheFirstContact() throws Exception {
		mvc.perform(get("/contacts"))
			.andExpect(content().string(containsString("No contacts yet")))
			.andExpect(content().string(containsString("id=\"empty-state\"")));
		mvc.perform(get("/contacts").param("q", "nobody"))
			.andExpect(content().string(containsString("No contacts match.")));
	}

	@Test
	void formShowsEveryErrorAtOnceAndLinksTheContactThatHasTheNumber() throws Exception {
		long budi = insert("Budi", "6281122223333", "new", null);
		mvc.perform(post("/contacts").with(csrf())
			.param("name", "")
			.param("phone", "0811-2222-3333")
			.param("email", "not-an-email")
			.param("leadStatus", "NEW"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Enter a name")))
			.andExpect(content().string(containsString("This is not a valid email address")))
			.andExpect(content().string(containsString("This number already belongs to the contact “Budi”")))
			.andExpect(content().string(containsString("href=\"/contacts/" + budi + "\"")))
			.andExpect(content().string(containsString("Please correct the 3 fields marked below.")));

		mvc.perform(get("/contacts/{id}/edit", budi))
			.andExpect(content().string(containsString("<title>Edit Budi · Whiskeysocket CRM</title>")))
			.andExpect(content().string(containsString("<h1>Edit Budi</h1>")));
	}

	@Test
	void aNewContactBelongsToWhoeverAddsIt() throws Exception {
		mvc.perform(get("/contacts/new"))
			.andExpect(content().string(containsString("<option value=\"" + admin + "\" selected=\"selected\">")));
	}

	private long insert(String name, String phone, String status, Long owner) {
		jdbc.update("INSERT INTO contacts (name, phone, lead_status, owner_id) VALUES (?, ?, ?, ?)", name, phone,
				status, owner);
		return jdbc.queryForObject("SELECT id FROM contacts WHERE phone = ?", Long.class, phone);
	}

}
