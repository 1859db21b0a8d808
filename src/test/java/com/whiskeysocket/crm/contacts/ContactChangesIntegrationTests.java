package com.whiskeysocket.crm.contacts;

import java.util.List;
import java.util.Map;

import com.whiskeysocket.crm.contacts.ContactsChanged.Cause;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every way a contact is written advances the change sequence ({@code contact_changes})
 * for exactly the contacts written and publishes {@link ContactsChanged} saying what
 * wrote them: the forms and in-place changes, bulk changes, the API, a sync's page (and
 * what it removes), WhatsApp's LIDs, a file import, a merge and its undo. A write that
 * changes nothing, or is rolled back, advances nothing.
 */
@SpringBootTest
@AutoConfigureMockMvc
@WithUserDetails("admin")
@RecordApplicationEvents
class ContactChangesIntegrationTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ContactImport contactImport;

	@Autowired
	private WhatsAppLids lids;

	@Autowired
	private ApplicationEvents events;

	private long adminId;

	private long before;

	@BeforeEach
	void noContacts() {
		jdbc.update("DELETE FROM contact_merges");
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		adminId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		before = lastSeq();
		events.clear();
	}

	@Test
	void theFormsAndInPlaceChangesAdvanceItAsTypedByTheSignedInStaffMember() throws Exception {
		mvc.perform(post("/contacts").with(csrf())
			.param("name", "Rina")
			.param("phone", "0812-1111-0001")
			.param("leadStatus", "NEW")).andExpect(status().is3xxRedirection());
		long rina = idOf("6281211110001");
		assertThat(changesSince(before)).containsExactly(Map.entry(rina, false));
		assertThat(onlyEvent())
			.isEqualTo(new ContactsChanged(java.util.Set.of(rina), java.util.Set.of(), Cause.TYPED, null, adminId));

		long edited = lastSeq();
		mvc.perform(post("/contacts/{id}", rina).with(csrf())
			.param("name", "Rina Kusuma")
			.param("phone", "0812-1111-0001")
			.param("leadStatus", "NEW")).andExpect(status().is3xxRedirection());
		assertThat(changesSince(edited)).containsExactly(Map.entry(rina, false));

		long status = lastSeq();
		mvc.perform(post("/contacts/{id}/status", rina).with(csrf()).param("status", "won"))
			.andExpect(status().is3xxRedirection());
		assertThat(changesSince(status)).containsExactly(Map.entry(rina, false));

		long owner = lastSeq();
		mvc.perform(post("/contacts/{id}/owner", rina).with(csrf()).param("owner", String.valueOf(adminId)))
			.andExpect(status().is3xxRedirection());
		assertThat(changesSince(owner)).containsExactly(Map.entry(rina, false));

		long deleted = lastSeq();
		mvc.perform(post("/contacts/{id}/delete", rina).with(csrf())).andExpect(status().is3xxRedirection());
		assertThat(changesSince(deleted)).containsExactly(Map.entry(rina, true));
		assertThat(events.stream(ContactsChanged.class)).allMatch(ContactsChanged::typed);
	}

	@Test
	void bulkChangesAdvanceItForEveryTickedContact() throws Exception {
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('A', '6281211110001', 'manual'), "
				+ "('B', '6281211110002', 'manual'), ('C', '6281211110003', 'manual')");
		long a = idOf("6281211110001");
		long b = idOf("6281211110002");
		long c = idOf("6281211110003");

		mvc.perform(post("/contacts/bulk").with(csrf())
			.param("ids", String.valueOf(a), String.valueOf(b))
			.param("action", "status")
			.param("newStatus", "won")).andExpect(status().is3xxRedirection());
		assertThat(changesSince(before)).containsOnly(Map.entry(a, false), Map.entry(b, false));

		long owners = lastSeq();
		mvc.perform(post("/contacts/bulk").with(csrf())
			.param("allMatching", "true")
			.param("action", "owner")
			.param("assignTo", String.valueOf(adminId))).andExpect(status().is3xxRedirection());
		assertThat(changesSince(owners)).containsOnly(Map.entry(a, false), Map.entry(b, false), Map.entry(c, false));

		long deletes = lastSeq();
		mvc.perform(post("/contacts/bulk/delete").with(csrf()).param("ids", String.valueOf(c)))
			.andExpect(status().is3xxRedirection());
		assertThat(changesSince(deletes)).containsOnly(Map.entry(c, true));
	}

	@Test
	void theApiAdvancesItAsTyped() throws Exception {
		String created = mvc
			.perform(post("/api/contacts").with(csrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"Budi\", \"phones\": [{\"number\": \"0812-1111-0009\"}]}"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getHeader("Location");
		long budi = Long.parseLong(created.substring(created.lastIndexOf('/') + 1));
		assertThat(changesSince(before)).containsExactly(Map.entry(budi, false));

		long patched = lastSeq();
		mvc.perform(patch("/api/contacts/{id}", budi).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"company\": \"PT Maju\"}")).andExpect(status().isOk());
		assertThat(changesSince(patched)).containsExactly(Map.entry(budi, false));

		long deleted = lastSeq();
		mvc.perform(delete("/api/contacts/{id}", budi).with(csrf())).andExpect(status().isNoContent());
		assertThat(changesSince(deleted)).containsExactly(Map.entry(budi, true));
		assertThat(events.stream(ContactsChanged.class)).hasSize(3).allMatch(ContactsChanged::typed);
	}

	@Test
	void aSyncPageAdvancesItOnlyForWhatItChangesAndSaysWhoseAddressBook() {
		outlook(contact("AAMk-1", "Rina", "0812-1111-0001"), contact("AAMk-2", "Budi", "0812-1111-0002"));
		long rina = idOf("6281211110001");
		long budi = idOf("6281211110002");
		assertThat(changesSince(before)).containsOnly(Map.entry(rina, false), Map.entry(budi, false));
		assertThat(onlyEvent()).isEqualTo(new ContactsChanged(java.util.Set.of(rina, budi), java.util.Set.of(),
				Cause.SYNC, Provider.OUTLOOK, adminId));

		long again = lastSeq();
		outlook(contact("AAMk-1", "Rina", "0812-1111-0001"), contact("AAMk-2", "Budi", "0812-1111-0002"));
		assertThat(changesSince(again)).as("a page that changes nothing").isEmpty();

		long renamed = lastSeq();
		outlook(contact("AAMk-1", "Rina Kusuma", "0812-1111-0001"), contact("AAMk-2", "Budi", "0812-1111-0002"));
		assertThat(changesSince(renamed)).containsExactly(Map.entry(rina, false));

		long number = lastSeq();
		outlook(contact("AAMk-2", "Budi", "0812-1111-0002", "0812-1111-0003"));
		assertThat(changesSince(number)).containsExactly(Map.entry(budi, false));

		long email = lastSeq();
		outlook(new IncomingContact("AAMk-2", "Budi", null, null, null, List.of(LabeledValue.of("budi@example.com")),
				List.of(LabeledValue.of("0812-1111-0002"), LabeledValue.of("0812-1111-0003")), "ck", "folder-1"));
		assertThat(changesSince(email)).containsExactly(Map.entry(budi, false));

		long dropped = lastSeq();
		outlook(contact("AAMk-2", "Budi", "0812-1111-0002"));
		assertThat(changesSince(dropped)).as("a number the address book no longer lists")
			.containsExactly(Map.entry(budi, false));

		long removed = lastSeq();
		contactImport.importPage(Provider.OUTLOOK, adminId, 1,
				new ImportPage(List.of(), List.of("AAMk-1"), null, null, false));
		assertThat(changesSince(removed)).containsExactly(Map.entry(rina, false));

		long unseen = lastSeq();
		contactImport.unlinkUnseen(adminId, 2, List.of("folder-1"), List.of());
		assertThat(changesSince(unseen)).containsExactly(Map.entry(budi, false));
	}

	@Test
	void anotherAddressBookKnowingAPersonChangesThem() {
		outlook(contact("AAMk-1", "Rina", "0812-1111-0001"));
		long rina = idOf("6281211110001");
		long known = lastSeq();

		contactImport.importPage(Provider.GOOGLE, adminId, 2, ImportPage.of(List.of(IncomingContact.simple("people/c1",
				"Rina", null, null, null, null, List.of("0812-1111-0001"), null, null))));

		assertThat(changesSince(known)).containsExactly(Map.entry(rina, false));
		assertThat(events.stream(ContactsChanged.class).toList().get(1).provider()).isEqualTo(Provider.GOOGLE);
	}

	@Test
	void whatsAppLidsAdvanceItAndALidMergedIntoItsNumbersPersonIsDeleted() {
		lids.importHidden(adminId, 0, List.of(IncomingContact.whatsApp("123456789@lid", null, null, null, "Budi")));
		long lidPerson = jdbc.queryForObject("SELECT id FROM contacts", Long.class);
		assertThat(changesSince(before)).containsExactly(Map.entry(lidPerson, false));

		long same = lastSeq();
		lids.importHidden(adminId, 0, List.of(IncomingContact.whatsApp("123456789@lid", null, null, null, "Budi")));
		assertThat(changesSince(same)).isEmpty();

		outlook(contact("AAMk-1", "Budi Santoso", "0812-1111-0009"));
		long numberPerson = idOf("6281211110009");
		long merged = lastSeq();
		assertThat(contactImport.linkLid(adminId, "123456789@lid", "6281211110009")).contains(numberPerson);
		assertThat(changesSince(merged)).containsOnly(Map.entry(numberPerson, false), Map.entry(lidPerson, true));
		ContactsChanged last = events.stream(ContactsChanged.class).reduce((a, b) -> b).orElseThrow();
		assertThat(last.cause()).isEqualTo(Cause.SYNC);
		assertThat(last.provider()).isEqualTo(Provider.WHATSAPP);
		assertThat(last.deleted()).containsExactly(lidPerson);
	}

	@Test
	void aFileImportAdvancesItAsAnImportByWhoImported() {
		contactImport.importFile(adminId, List
			.of(new FileContact(2, "Sari", List.of(), null, List.of(LabeledValue.of("0812-1111-0005")), null, null)));

		long sari = idOf("6281211110005");
		assertThat(changesSince(before)).containsExactly(Map.entry(sari, false));
		assertThat(onlyEvent())
			.isEqualTo(new ContactsChanged(java.util.Set.of(sari), java.util.Set.of(), Cause.IMPORT, null, adminId));
	}

	@Test
	void aMergeAndItsUndoAdvanceItAndADryRunDoesNot() throws Exception {
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Rina', '6281200000001', 'whatsapp'), "
				+ "('Rina K', '6281200000002', 'outlook')");
		long rina = idOf("6281200000001");
		long other = idOf("6281200000002");
		String body = "{\"ids\": [" + rina + ", " + other + "], \"keep\": " + rina + ", \"dryRun\": true}";
		mvc.perform(post("/api/contacts/merge").with(csrf()).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isOk());
		assertThat(changesSince(before)).isEmpty();
		assertThat(events.stream(ContactsChanged.class)).isEmpty();

		mvc.perform(post("/api/contacts/merge").with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content(body.replace("true", "false"))).andExpect(status().isOk());
		assertThat(changesSince(before)).containsOnly(Map.entry(rina, false), Map.entry(other, true));
		assertThat(onlyEvent()).isEqualTo(
				new ContactsChanged(java.util.Set.of(rina), java.util.Set.of(other), Cause.MERGE, null, adminId));

		long undone = lastSeq();
		long mergeId = jdbc.queryForObject("SELECT id FROM contact_merges", Long.class);
		mvc.perform(post("/contacts/merges/{id}/undo", mergeId).with(csrf())).andExpect(status().is3xxRedirection());
		assertThat(changesSince(undone)).containsOnly(Map.entry(rina, false), Map.entry(other, false));
	}

	@Test
	void aWriteThatFailsAdvancesNothing() throws Exception {
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Rina', '6281211110001', 'manual')");

		mvc.perform(post("/api/contacts").with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"Budi\", \"phones\": [{\"number\": \"0812-1111-0001\"}]}"))
			.andExpect(status().isConflict());

		assertThat(changesSince(before)).isEmpty();
		assertThat(events.stream(ContactsChanged.class)).isEmpty();
	}

	private ContactsChanged onlyEvent() {
		List<ContactsChanged> published = events.stream(ContactsChanged.class).toList();
		assertThat(published).hasSize(1);
		return published.get(0);
	}

	private void outlook(IncomingContact... contacts) {
		contactImport.importPage(Provider.OUTLOOK, adminId, 1, ImportPage.of(List.of(contacts)));
	}

	private static IncomingContact contact(String id, String name, String... phones) {
		return IncomingContact.simple(id, name, null, null, null, null, List.of(phones), "ck-" + id, "folder-1");
	}

	private long idOf(String phone) {
		return jdbc.queryForObject("SELECT contact_id FROM contact_phones WHERE phone = ? UNION "
				+ "SELECT id FROM contacts WHERE phone = ?", Long.class, phone, phone);
	}

	private long lastSeq() {
		Long last = jdbc.queryForObject("SELECT MAX(seq) FROM contact_changes", Long.class);
		return (last != null) ? last : 0;
	}

	/** Each contact written after a sequence number, and whether it was deleted. */
	private List<Map.Entry<Long, Boolean>> changesSince(long seq) {
		return jdbc.query("SELECT contact_id, deleted FROM contact_changes WHERE seq > ? ORDER BY seq",
				(rs, n) -> Map.entry(rs.getLong("contact_id"), rs.getBoolean("deleted")), seq);
	}

}
