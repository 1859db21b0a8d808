package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;

/** The merge of incoming address-book pages, on MySQL/MariaDB where its SQL must hold. */
@MySqlIntegrationTest
@AutoConfigureMockMvc
class ContactImportMySqlIntegrationTests {

	@Autowired
	private ContactImport contactImport;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private MockMvc mvc;

	private long staffId;

	private long otherStaffId;

	@BeforeEach
	void clean() {
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM staff_users WHERE username = 'dewi'");
		jdbc.update("INSERT INTO staff_users (username, display_name, password_hash, role) VALUES "
				+ "('dewi', 'Dewi', '{noop}not-a-real-hash', 'STAFF')");
		staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		otherStaffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'dewi'", Long.class);
	}

	@ParameterizedTest(name = "existing {0} + Outlook -> {2} (source {3})")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			-        | -        | added     | outlook  | Rina Kusuma
			whatsapp | Rina WA  | merged    | both     | Rina Kusuma
			google   | Rina G   | updated   | google   | Rina Kusuma
			manual   | Rina H   | merged    | manual   | Rina Kusuma
			outlook  | Rina Old | updated   | outlook  | Rina Kusuma
			both     | Rina Old | updated   | both     | Rina Kusuma
			both     | Rina Kusuma | unchanged | both  | Rina Kusuma
			""")
	void outlookContactMeetsTheContactList(String source, String name, String counted, String newSource,
			String newName) {
		if (source != null) {
			jdbc.update(
					"INSERT INTO contacts (name, phone, source, outlook_contact_id) VALUES (?, '6281234567890', ?, ?)",
					name, source, source.equals("both") || source.equals("outlook") ? "AAMk-1" : null);
		}

		ImportCounts counts = importPage(staffId, 1, contact("AAMk-1", "Rina Kusuma", "0812-3456-7890"));

		assertThat(countOf(counts, counted)).as(counted).isOne();
		assertThat(counts.total()).isOne();
		Map<String, Object> row = jdbc.queryForMap("SELECT name, source, outlook_contact_id FROM contacts");
		assertThat(row).containsEntry("source", newSource)
			.containsEntry("name", newName)
			.containsEntry("outlook_contact_id", "AAMk-1");
		assertThat(jdbc.queryForMap("SELECT staff_user_id, provider, external_id FROM contact_links"))
			.containsEntry("staff_user_id", staffId)
			.containsEntry("provider", "outlook")
			.containsEntry("external_id", "AAMk-1");
	}

	@Test
	void aContactTheSyncCreatesBelongsToWhoseAddressBookBroughtItAndAnOwnedOneKeepsItsOwner() {
		jdbc.update(
				"INSERT INTO contacts (name, phone, source, owner_id) VALUES ('Budi', '6281122223333', 'whatsapp', ?)",
				otherStaffId);
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Sari', '6281300000001', 'whatsapp')");

		importPage(staffId, 1, contact("AAMk-1", "Rina Kusuma", "0812-3456-7890"),
				contact("AAMk-2", "Budi Santoso", "0811-2222-3333"), contact("AAMk-3", "Sari", "0813-0000-0001"));

		assertThat(jdbc.queryForMap("SELECT owner_id FROM contacts WHERE phone = '6281234567890'"))
			.containsEntry("owner_id", staffId);
		assertThat(jdbc.queryForMap("SELECT owner_id FROM contacts WHERE phone = '6281122223333'"))
			.containsEntry("owner_id", otherStaffId);
		// an existing contact nobody owned stays
		// unassigned: only new contacts get an owner
		assertThat(jdbc.queryForMap("SELECT owner_id FROM contacts WHERE phone = '6281300000001'"))
			.containsEntry("owner_id", null);
	}

	@Test
	void phoneIsMobileElseFirstValidBusinessElseHomeAndContactsWithoutOneAreSkippedByReason() {
		ImportCounts counts = importPage(staffId, 1,
				IncomingContact.simple("a", "Mobile", null, null, null, null,
						List.of("0811-1111-1111", "021-5550-1234", "0812-9999-9999"), null, null),
				IncomingContact.simple("b", "Business", null, null, null, null,
						List.of("n/a", "12", "+62 21 5550 2222"), null, null),
				IncomingContact.simple("c", "Home", null, null, null, null, List.of("0813-3333-3333"), null, null),
				IncomingContact.simple("d", "Nothing", null, null, null, null, List.of(), null, null),
				IncomingContact.simple("e", "Placeholder", null, null, null, null, List.of("-", "n/a"), null, null),
				IncomingContact.simple("f", "Broken", null, null, null, null, List.of("12345", "0000"), null, null));

		assertThat(counts.added()).isEqualTo(3);
		assertThat(counts.skippedNoPhone()).isEqualTo(2);
		assertThat(counts.skippedInvalidPhone()).isEqualTo(1);
		assertThat(counts.skipped()).isEqualTo(3);
		assertThat(counts.total()).isEqualTo(6);
		assertThat(jdbc.queryForList("SELECT CONCAT(name, '=', phone) FROM contacts ORDER BY name", String.class))
			.containsExactly("Business=622155502222", "Home=6281333333333", "Mobile=6281111111111");
	}

	@Test
	void syncedNamesAreCleanedOfOverridesControlAndZeroWidthCharactersAndStoredNfc() {
		importPage(staffId, 1,
				IncomingContact.simple("a", "\u202EanirR\u202C Kusuma\u0007", null, null, "PT\u200B Maju", null,
						List.of("0811-0000-0011"), null, null),
				IncomingContact.simple("b", "\u200B\u200D\uFEFF", "Budi", "Santo\u0301so", "\u2066\u2069", null,
						List.of("0811-0000-0012"), null, null));

		assertThat(jdbc.queryForList("SELECT CONCAT(name, '|', COALESCE(company, '-')) FROM contacts ORDER BY phone",
				String.class))
			.containsExactly("anirR Kusuma|PT Maju", "Budi Sant\u00F3so|-");
		// a contact stored before names were cleaned is cleaned by the next sync
		jdbc.update("UPDATE contacts SET name = '\u202EanirR' WHERE phone = '6281100000011'");
		ImportCounts again = importPage(staffId, 2, IncomingContact.simple("a", "\u202EanirR\u202C Kusuma\u0007", null,
				null, "PT Maju", null, List.of("0811-0000-0011"), null, null));
		assertThat(again.updated()).isOne();
		assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE phone = '6281100000011'", String.class))
			.isEqualTo("anirR Kusuma");
	}

	@Test
	void everyUpdateOfTheSyncRaisesTheVersionAndAnUnchangedContactKeepsIt() {
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Rina', '6281234567890', 'whatsapp')");
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Budi', '6281122223333', 'whatsapp')");
		long before = jdbc.queryForObject("SELECT version FROM contacts WHERE phone = '6281234567890'", Long.class);

		ImportCounts merged = importPage(staffId, 1, contact("AAMk-1", "Rina Kusuma", "0812-3456-7890"));
		assertThat(merged.merged()).isOne();
		assertThat(versionOf("6281234567890")).isEqualTo(before + 1);
		assertThat(versionOf("6281122223333")).isEqualTo(before);

		ImportCounts unchanged = importPage(staffId, 2, contact("AAMk-1", "Rina Kusuma", "0812-3456-7890"));
		assertThat(unchanged.unchanged()).isOne();
		assertThat(versionOf("6281234567890")).isEqualTo(before + 1);

		// removed from Outlook: the unlink writes the row too
		contactImport.importPage(Provider.OUTLOOK, staffId, 3,
				new ImportPage(List.of(), List.of("AAMk-1"), "folder-1", null, false));
		assertThat(jdbc.queryForObject("SELECT outlook_contact_id FROM contacts WHERE phone = '6281234567890'",
				String.class))
			.isNull();
		assertThat(versionOf("6281234567890")).isEqualTo(before + 2);
	}

	private long versionOf(String phone) {
		return jdbc.queryForObject("SELECT version FROM contacts WHERE phone = ?", Long.class, phone);
	}

	@Test
	void nameIsDisplayNameElseGivenAndSurnameElseCompanyNeverBlank() {
		importPage(staffId, 1,
				IncomingContact.simple("a", " ", "Budi", "Santoso", "PT A", null, List.of("0811-0000-0001"), null,
						null),
				IncomingContact.simple("b", null, null, null, "PT Maju", null, List.of("0811-0000-0002"), null, null),
				IncomingContact.simple("c", "", "", "", "", "sari@example.com", List.of("0811-0000-0003"), null, null),
				IncomingContact.simple("d", null, null, null, null, null, List.of("0811-0000-0004"), null, null));

		assertThat(jdbc.queryForList("SELECT name FROM contacts ORDER BY phone", String.class))
			.containsExactly("Budi Santoso", "PT Maju", "sari@example.com", "+62 811-0000-0004");
	}

	@Test
	@WithUserDetails("admin")
	void hostileNamesAreStoredCleanedAndRenderedEscaped() throws Exception {
		String script = "<script>alert('x')</script>";
		String emoji = "Budi 😀🇮🇩 Santoso";
		String rtl = "\u202Eשלום عربي\u202C";
		String longName = "N".repeat(300);
		importPage(staffId, 1, contact("a", script, "0811-0000-0001"), contact("b", emoji, "0811-0000-0002"),
				contact("c", rtl, "0811-0000-0003"), contact("d", longName, "0811-0000-0004"));

		// the right-to-left override and its pop go (issue 12); the text itself stays
		assertThat(jdbc.queryForList("SELECT name FROM contacts ORDER BY phone", String.class)).containsExactly(script,
				emoji, "שלום عربي", longName);
		mvc.perform(get("/contacts"))
			.andExpect(content().string(containsString("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")))
			.andExpect(content().string(not(containsString(script))))
			.andExpect(content().string(containsString(emoji)))
			.andExpect(content().string(containsString(longName)));
	}

	@Test
	void secondRunChangesNothing() {
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Rina WA', '6281234567890', 'whatsapp')");
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Budi G', '6281100000001', 'google')");
		IncomingContact[] page = { contact("AAMk-1", "Rina Kusuma", "0812-3456-7890"),
				contact("AAMk-2", "Budi Santoso", "0811-0000-0001"), contact("AAMk-3", "Sari", "0813-0000-0003"),
				contact("AAMk-4", "No Phone", null) };
		ImportCounts first = importPage(staffId, 1, page);
		assertThat(first).isEqualTo(new ImportCounts(1, 1, 1, 0, 1, 0, 0, 4, 0));
		String before = snapshot();

		ImportCounts second = importPage(staffId, 2, page);

		assertThat(second).isEqualTo(new ImportCounts(0, 0, 0, 3, 1, 0, 0, 4, 0));
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void aNameEditedByHandIsKept() {
		jdbc.update("INSERT INTO contacts (name, phone, source, outlook_contact_id, name_edited) "
				+ "VALUES ('Bu Rina (Jakarta)', '6281234567890', 'outlook', 'AAMk-1', TRUE)");

		ImportCounts counts = importPage(staffId, 1, contact("AAMk-1", "Rina Kusuma", "0812-3456-7890"));

		assertThat(counts.unchanged()).isOne();
		assertThat(jdbc.queryForObject("SELECT name FROM contacts", String.class)).isEqualTo("Bu Rina (Jakarta)");
	}

	@Test
	void duplicatesInOneMailboxFeedOneContactAndTheSmallestIdWinsEveryRun() {
		IncomingContact later = contact("AAMk-B", "Rina (old card)", "0812-3456-7890");
		IncomingContact earlier = contact("AAMk-A", "Rina Kusuma", "+62 812 3456 7890");
		IncomingContact third = contact("AAMk-C", "Rina C", "0812 3456 7890");

		// the larger id arrives first, in an earlier page
		ImportCounts run1 = importPage(staffId, 1, later).plus(importPage(staffId, 1, earlier, third));
		assertThat(run1.added()).isOne();
		assertThat(run1.duplicates()).isEqualTo(2);
		assertThat(jdbc.queryForMap("SELECT name, outlook_contact_id FROM contacts"))
			.containsEntry("name", "Rina Kusuma")
			.containsEntry("outlook_contact_id", "AAMk-A");

		ImportCounts run2 = importPage(staffId, 2, later).plus(importPage(staffId, 2, third, earlier));
		assertThat(run2).isEqualTo(new ImportCounts(0, 0, 0, 1, 0, 0, 2, 3, 0));
		assertThat(jdbc.queryForMap("SELECT name, outlook_contact_id FROM contacts"))
			.containsEntry("name", "Rina Kusuma")
			.containsEntry("outlook_contact_id", "AAMk-A");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isOne();
	}

	@Test
	void twoMailboxesWithTheSameNumberDoNotTakeTurnsRenamingIt() {
		importPage(staffId, 1, contact("AAMk-admin", "Rina Kusuma", "0812-3456-7890"));

		ImportCounts other = importPage(otherStaffId, 2, contact("AAMk-dewi", "Bu Rina", "0812-3456-7890"));
		ImportCounts again = importPage(staffId, 3, contact("AAMk-admin", "Rina Kusuma", "0812-3456-7890"));

		assertThat(other.unchanged()).isOne();
		assertThat(again.unchanged()).isOne();
		assertThat(jdbc.queryForObject("SELECT name FROM contacts", String.class)).isEqualTo("Rina Kusuma");
		assertThat(jdbc.queryForList("SELECT external_id FROM contact_links ORDER BY external_id", String.class))
			.containsExactly("AAMk-admin", "AAMk-dewi");
	}

	@Test
	void twoStaffSyncingOverlappingAddressBooksAtOnceCreateEachNumberOnce() throws Exception {
		for (int round = 0; round < 5; round++) {
			clean();
			List<IncomingContact> mine = new ArrayList<>();
			List<IncomingContact> theirs = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				String phone = "0812%08d".formatted(round * 1000 + i);
				if (i < 300) {
					mine.add(contact("AAMk-mine-" + i, "Mine " + i, phone));
				}
				if (i >= 100) {
					theirs.add(contact("AAMk-theirs-" + i, "Theirs " + i, phone));
				}
			}
			ExecutorService pool = Executors.newFixedThreadPool(2);
			List<Callable<ImportCounts>> syncs = List.of(
					() -> importPage(staffId, 10, mine.toArray(IncomingContact[]::new)),
					() -> importPage(otherStaffId, 11, theirs.toArray(IncomingContact[]::new)));
			List<ImportCounts> results = new ArrayList<>();
			for (Future<ImportCounts> result : pool.invokeAll(syncs)) {
				results.add(result.get());
			}
			pool.shutdown();

			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isEqualTo(400);
			assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT phone) FROM contacts", Integer.class)).isEqualTo(400);
			assertThat(results.get(0).added() + results.get(1).added()).isEqualTo(400);
			assertThat(results.get(0).total() + results.get(1).total()).isEqualTo(600);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_links", Integer.class)).isEqualTo(600);
		}
	}

	@Test
	void removalsUnlinkAndKeepTheContactAndItsOtherSources() {
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Budi WA', '6281100000001', 'whatsapp')");
		importPage(staffId, 1, contact("AAMk-1", "Rina", "0812-3456-7890"),
				contact("AAMk-2", "Budi", "0811-0000-0001"));

		ImportCounts counts = contactImport.importPage(Provider.OUTLOOK, staffId, 2,
				new ImportPage(List.of(), List.of("AAMk-1", "AAMk-2", "AAMk-unknown"), "folder-1", null, false));

		assertThat(counts.removed()).isEqualTo(2);
		assertThat(jdbc.queryForList("SELECT CONCAT_WS('|', phone, source, COALESCE(outlook_contact_id, '-'), "
				+ "outlook_removed_at IS NOT NULL) FROM contacts ORDER BY phone", String.class))
			.containsExactly("6281100000001|whatsapp|-|0", "6281234567890|outlook|-|1");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_links", Integer.class)).isZero();
	}

	@Test
	void whenTheOwningMailboxDeletesAContactAnotherMailboxTakesItOver() {
		importPage(staffId, 1, contact("AAMk-admin", "Rina Kusuma", "0812-3456-7890"));
		importPage(otherStaffId, 2, contact("AAMk-dewi", "Bu Rina", "0812-3456-7890"));

		contactImport.importPage(Provider.OUTLOOK, staffId, 3,
				new ImportPage(List.of(), List.of("AAMk-admin"), null, null, false));

		assertThat(jdbc.queryForMap("SELECT source, outlook_contact_id, outlook_removed_at FROM contacts"))
			.containsEntry("source", "outlook")
			.containsEntry("outlook_contact_id", "AAMk-dewi")
			.containsEntry("outlook_removed_at", null);
	}

	/**
	 * Issue 18 changed this: an entry belongs to the person it is linked to, so a number
	 * changed in Outlook replaces the old one on the same person (nothing else knew the
	 * old one) instead of moving the link to a new contact.
	 */
	@Test
	void aNumberChangedInOutlookReplacesTheOldOneOnTheSamePerson() {
		importPage(staffId, 1, contact("AAMk-1", "Rina", "0812-3456-7890"));

		ImportCounts counts = importPage(staffId, 2, contact("AAMk-1", "Rina", "0819-0000-0000"));

		assertThat(counts.added()).isZero();
		assertThat(jdbc.queryForList("SELECT CONCAT_WS('|', phone, COALESCE(outlook_contact_id, '-'), "
				+ "outlook_removed_at IS NOT NULL) FROM contacts ORDER BY phone", String.class))
			.containsExactly("6281900000000|AAMk-1|0");
		assertThat(jdbc.queryForList("SELECT phone FROM contact_phones", String.class))
			.containsExactly("6281900000000");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_links", Integer.class)).isOne();
	}

	@Test
	void contactsAFullReadNoLongerSeesAreUnlinked() {
		importPage(staffId, 1, contact("AAMk-1", "Rina", "0812-3456-7890"),
				contact("AAMk-2", "Budi", "0811-0000-0001"));
		importPage(staffId, 2, contact("AAMk-2", "Budi", "0811-0000-0001"));

		int unlinked = contactImport.unlinkUnseen(staffId, 2, java.util.Set.of("folder-1"), java.util.Set.of());

		assertThat(unlinked).isOne();
		assertThat(jdbc.queryForList("SELECT external_id FROM contact_links", String.class)).containsExactly("AAMk-2");
	}

	private ImportCounts importPage(long staff, long run, IncomingContact... contacts) {
		return contactImport.importPage(Provider.OUTLOOK, staff, run, ImportPage.of(List.of(contacts)));
	}

	private static IncomingContact contact(String id, String name, String mobile) {
		return IncomingContact.simple(id, name, null, null, null, null, (mobile != null) ? List.of(mobile) : List.of(),
				"ck-" + id, "folder-1");
	}

	private String snapshot() {
		return jdbc
			.queryForList(
					"SELECT CONCAT_WS('|', id, name, phone, source, outlook_contact_id, updated_at) FROM contacts "
							+ "ORDER BY id",
					String.class)
			.toString();
	}

	private static int countOf(ImportCounts counts, String name) {
		return switch (name) {
			case "added" -> counts.added();
			case "merged" -> counts.merged();
			case "updated" -> counts.updated();
			case "unchanged" -> counts.unchanged();
			default -> throw new IllegalArgumentException(name);
		};
	}

}
