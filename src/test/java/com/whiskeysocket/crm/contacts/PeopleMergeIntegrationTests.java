package com.whiskeysocket.crm.contacts;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18's matching rules, one per test: the merge keeps every number and email of an
 * incoming contact, finds the person by identity else by any number, never merges two
 * people on its own, detaches a number only from the source that dropped it, and keeps a
 * WhatsApp person known only by a LID.
 */
@SpringBootTest
class PeopleMergeIntegrationTests {

	@Autowired
	private ContactImport contactImport;

	@Autowired
	private People people;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ContactMerges merges;

	@Autowired
	private UserDetailsService users;

	private long staffId;

	@BeforeEach
	void clean() {
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contact_merges");
		jdbc.update("DELETE FROM contacts");
		staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
	}

	@Test
	void everyNumberAndEmailOfAnOutlookContactIsKeptWithItsLabel() {
		ImportCounts counts = outlook(new IncomingContact("AAMk-1", "Rina", null, null, null,
				List.of(LabeledValue.of("rina@example.com"), LabeledValue.of("Rina@Work.example")),
				List.of(new LabeledValue("0812-1111-0001", "mobile"), new LabeledValue("021 555 0001", "work"),
						new LabeledValue("not a number", "home"), new LabeledValue("0812-1111-0002", "home")),
				"ck", "f"));

		assertThat(counts.added()).isOne();
		long id = onlyContact();
		assertThat(people.phones(id)).extracting(ContactPhone::digits, ContactPhone::label, ContactPhone::primary)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("6281211110001", "mobile", true),
					org.assertj.core.groups.Tuple.tuple("62215550001", "work", false),
					org.assertj.core.groups.Tuple.tuple("6281211110002", "home", false));
		assertThat(people.phones(id).get(0).sources()).containsExactly(new KnownBy(Origin.OUTLOOK, staffId));
		assertThat(people.emails(id)).extracting(ContactEmail::address, ContactEmail::primary)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("rina@example.com", true),
					org.assertj.core.groups.Tuple.tuple("Rina@Work.example", false));
		assertThat(people.identities(id)).extracting(Identity::externalId).containsExactly("AAMk-1");
	}

	@Test
	void aContactWhoseOtherNumberSomeoneHasJoinsThatPersonWithAllItsNumbers() {
		whatsApp("6281211110002");
		long person = onlyContact();

		ImportCounts counts = outlook(contact("AAMk-1", "Rina", "0812-1111-0001", "0812-1111-0002"));

		assertThat(counts.merged()).isOne();
		assertThat(onlyContact()).isEqualTo(person);
		assertThat(people.phones(person)).extracting(ContactPhone::digits)
			.containsExactlyInAnyOrder("6281211110002", "6281211110001");
	}

	@Test
	void numbersOfTwoPeopleMergeNothingAndSuggestADuplicate() {
		whatsApp("6281211110001");
		whatsApp("6281211110002");
		List<Long> ids = jdbc.queryForList("SELECT id FROM contacts ORDER BY id", Long.class);

		outlook(contact("AAMk-1", "Rina", "0812-1111-0001", "0812-1111-0002"));

		assertThat(jdbc.queryForList("SELECT id FROM contacts ORDER BY id", Long.class)).isEqualTo(ids);
		assertThat(jdbc.queryForList("SELECT contact_id FROM contact_links WHERE provider = 'outlook'", Long.class))
			.containsExactly(ids.get(0));
		assertThat(jdbc.queryForList(
				"SELECT CONCAT(contact_a, ' ', contact_b, ' ', reason, ' ', detail) " + "FROM contact_duplicates",
				String.class))
			.containsExactly(ids.get(0) + " " + ids.get(1) + " phone 6281211110002");
	}

	@Test
	void anIdentityStaysWithItsPersonWhenItsNumberChanges() {
		outlook(contact("AAMk-1", "Rina", "0812-1111-0001"));
		long person = onlyContact();

		outlook(contact("AAMk-1", "Rina", "0819-0000-0000"));

		assertThat(onlyContact()).isEqualTo(person);
		assertThat(people.phones(person)).extracting(ContactPhone::digits, ContactPhone::primary)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("6281900000000", true));
		assertThat(jdbc.queryForObject("SELECT phone FROM contacts", String.class)).isEqualTo("6281900000000");
	}

	@Test
	void aNumberOutlookDropsStaysWhileWhatsAppKnowsIt() {
		outlook(contact("AAMk-1", "Rina", "0812-1111-0001", "0812-1111-0002"));
		long person = onlyContact();
		whatsApp("6281211110002");

		outlook(contact("AAMk-1", "Rina", "0812-1111-0001"));

		assertThat(people.phones(person)).extracting(ContactPhone::digits)
			.containsExactlyInAnyOrder("6281211110001", "6281211110002");
		assertThat(people.phones(person)
			.stream()
			.filter((p) -> p.digits().equals("6281211110002"))
			.findFirst()
			.orElseThrow()
			.sources()).containsExactly(new KnownBy(Origin.WHATSAPP, staffId));
	}

	@Test
	void aWhatsAppPersonKnownOnlyByALidIsKeptAndTheirNumberJoinsThemLater() {
		ImportCounts counts = contactImport.importPage(Provider.WHATSAPP, staffId, 0,
				ImportPage.of(List.of(IncomingContact.whatsApp("123456789@lid", null, null, null, "Budi"))));
		assertThat(counts.added()).isOne();
		long lidPerson = onlyContact();
		assertThat(jdbc.queryForMap("SELECT name, phone FROM contacts")).containsEntry("name", "Budi")
			.containsEntry("phone", null);

		assertThat(contactImport.linkLid(staffId, "123456789@lid", "6281211110009")).contains(lidPerson);

		assertThat(jdbc.queryForObject("SELECT phone FROM contacts", String.class)).isEqualTo("6281211110009");
		assertThat(people.phones(lidPerson)).extracting(ContactPhone::primary).containsExactly(true);
	}

	@Test
	void aLidWhoseNumberSomeoneHasMergesIntoThatPerson() {
		outlook(contact("AAMk-1", "Budi Santoso", "0812-1111-0009"));
		long numberPerson = onlyContact();
		contactImport.importPage(Provider.WHATSAPP, staffId, 0,
				ImportPage.of(List.of(IncomingContact.whatsApp("123456789@lid", null, null, null, "Budi"))));
		jdbc.update("INSERT INTO contact_notes (contact_id, author_name, body, created_at) SELECT id, 'A', 'hi', "
				+ "CURRENT_TIMESTAMP FROM contacts WHERE id <> ?", numberPerson);

		assertThat(contactImport.linkLid(staffId, "123456789@lid", "+6281211110009")).contains(numberPerson);

		assertThat(onlyContact()).isEqualTo(numberPerson);
		assertThat(people.identities(numberPerson)).extracting(Identity::externalId)
			.containsExactlyInAnyOrder("AAMk-1", "123456789@lid");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_notes WHERE contact_id = ?", Integer.class,
				numberPerson))
			.isOne();
		assertThat(jdbc.queryForObject("SELECT name FROM contacts", String.class)).isEqualTo("Budi Santoso");
	}

	@Test
	void aLidJoinIsAMergeThatUndoesAndIsNotRedoneByTheNextMapping() {
		outlook(contact("AAMk-1", "Budi Santoso", "0812-1111-0009"));
		long numberPerson = onlyContact();
		contactImport.importPage(Provider.WHATSAPP, staffId, 0,
				ImportPage.of(List.of(IncomingContact.whatsApp("123456789@lid", null, null, null, "Budi"))));
		long lidPerson = jdbc.queryForObject("SELECT id FROM contacts WHERE id <> ?", Long.class, numberPerson);
		jdbc.update("UPDATE contacts SET email = 'budi@example.com' WHERE id = ?", lidPerson);
		jdbc.update("INSERT INTO contact_emails (contact_id, email, email_key, is_primary, created_at) "
				+ "VALUES (?, 'budi@example.com', 'budi@example.com', TRUE, CURRENT_TIMESTAMP)", lidPerson);
		List<Object> before = state(numberPerson, lidPerson);

		assertThat(contactImport.linkLid(staffId, "123456789@lid", "+6281211110009")).contains(numberPerson);

		assertThat(jdbc.queryForList("SELECT id FROM contacts", Long.class)).containsExactly(numberPerson);
		assertThat(jdbc.queryForObject("SELECT email FROM contacts", String.class)).isEqualTo("budi@example.com");
		long mergeId = jdbc.queryForObject("SELECT id FROM contact_merges WHERE survivor_id = ? AND merged_ids = ?",
				Long.class, numberPerson, String.valueOf(lidPerson));
		assertThat(merges.redirect(lidPerson)).contains(numberPerson);
		assertThat(merges.undoable(numberPerson)).map(ContactMerges.MergeLog::id).contains(mergeId);
		assertThat(jdbc.queryForList("SELECT target FROM audit_events WHERE action = 'contacts.merged'", String.class))
			.contains("merge " + mergeId);

		assertThat(merges.undo(mergeId, (StaffPrincipal) users.loadUserByUsername("admin")))
			.containsExactly(numberPerson, lidPerson);

		assertThat(state(numberPerson, lidPerson)).isEqualTo(before);
		assertThat(
				jdbc.queryForList("SELECT target FROM audit_events WHERE action = 'contacts.unmerged'", String.class))
			.contains("merge " + mergeId);

		// WhatsApp says it again: the undo holds, and a person is asked instead
		assertThat(contactImport.linkLid(staffId, "123456789@lid", "+6281211110009")).contains(numberPerson);

		assertThat(jdbc.queryForList("SELECT id FROM contacts ORDER BY id", Long.class))
			.containsExactlyInAnyOrder(numberPerson, lidPerson);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_merges", Integer.class)).isOne();
		assertThat(people.identities(lidPerson)).extracting(Identity::externalId).containsExactly("123456789@lid");
		assertThat(people.identities(numberPerson)).extracting(Identity::externalId).containsExactly("AAMk-1");
		assertThat(jdbc.queryForList("SELECT reason FROM contact_duplicates WHERE contact_a = ? AND contact_b = ?",
				String.class, Math.min(numberPerson, lidPerson), Math.max(numberPerson, lidPerson)))
			.contains("phone");
	}

	/** Each contact's row, numbers, emails and identities, as a test compares them. */
	private List<Object> state(long... ids) {
		List<Object> state = new java.util.ArrayList<>();
		for (long id : ids) {
			state.add(jdbc.queryForMap("SELECT id, name, phone, email, company, owner_id FROM contacts WHERE id = ?",
					id));
			state.add(jdbc.queryForList(
					"SELECT phone, is_primary FROM contact_phones WHERE contact_id = ? " + "ORDER BY phone", id));
			state.add(jdbc.queryForList(
					"SELECT email_key, is_primary FROM contact_emails WHERE contact_id = ? " + "ORDER BY email_key",
					id));
			state.add(people.identities(id).stream().map(Identity::externalId).sorted().toList());
		}
		return state;
	}

	@Test
	void theSameEmailOrNameAndCompanySuggestADuplicate() {
		outlook(new IncomingContact("AAMk-1", "José Pérez", null, null, "PT Maju",
				List.of(LabeledValue.of("jose@maju.example")), List.of(LabeledValue.of("0812-1111-0001")), null, null));
		outlook(new IncomingContact("AAMk-2", "jose  perez", null, null, "pt maju", List.of(),
				List.of(LabeledValue.of("0812-1111-0002")), null, null));
		outlook(new IncomingContact("AAMk-3", "Someone", null, null, null,
				List.of(LabeledValue.of("JOSE@maju.example")), List.of(LabeledValue.of("0812-1111-0003")), null, null));

		assertThat(jdbc.queryForList("SELECT reason FROM contact_duplicates ORDER BY reason", String.class))
			.containsExactly("email", "name");
	}

	private ImportCounts outlook(IncomingContact contact) {
		return contactImport.importPage(Provider.OUTLOOK, staffId, 1, ImportPage.of(List.of(contact)));
	}

	private void whatsApp(String digits) {
		contactImport.importPage(Provider.WHATSAPP, staffId, 0, ImportPage
			.of(List.of(IncomingContact.whatsApp(digits + "@s.whatsapp.net", digits, null, null, "WA " + digits))));
	}

	private long onlyContact() {
		return jdbc.queryForObject("SELECT id FROM contacts", Long.class);
	}

	private static IncomingContact contact(String id, String name, String... phones) {
		return IncomingContact.simple(id, name, null, null, null, null, List.of(phones), "ck-" + id, "folder-1");
	}

}
