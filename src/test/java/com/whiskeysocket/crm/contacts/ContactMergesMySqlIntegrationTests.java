package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.staff.StaffPrincipal;
import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Merges and their undo on MariaDB/MySQL: every row comes back exactly, and two merges of
 * the same contacts at once give one merge and one clear refusal.
 */
@MySqlIntegrationTest
class ContactMergesMySqlIntegrationTests {

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ContactMerges merges;

	@Autowired
	private UserDetailsService users;

	@Autowired
	private MergeSnapshotsPruning pruning;

	private StaffPrincipal admin;

	private long adminId;

	private long otherStaffId;

	@BeforeEach
	void emptyContacts() {
		jdbc.update("DELETE FROM contact_merges");
		jdbc.update("DELETE FROM contacts");
		admin = (StaffPrincipal) users.loadUserByUsername("admin");
		adminId = admin.id();
		jdbc.update("DELETE FROM staff_users WHERE username = 'merge-rina'");
		jdbc.update(
				"INSERT INTO staff_users (username, display_name, password_hash) VALUES ('merge-rina', 'Rina', 'x')");
		otherStaffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'merge-rina'", Long.class);
	}

	@Test
	void mergeThenUndoGivesBackEveryRowAsItWas() {
		long a = contact("Rina Kusuma", "6281200000001", "rina@example.com", null, "whatsapp", false, null);
		long b = contact("rina kusuma", "6281200000002", null, "PT Contoh", "outlook", false, "AAMk-b");
		long c = contact("Rina K. 😀", "6281200000003", "rina.k@example.com", "PT Contoh", "manual", true, null);
		long d = contact("Rina (old)", "6281200000004", null, null, "google", false, null);
		jdbc.update("UPDATE contacts SET owner_id = ?, lead_status = 'qualified', notes = 'Met at the fair.', "
				+ "google_removed_at = '2026-01-02 03:04:05.123456' WHERE id = ?", otherStaffId, b);
		note(a, "First call");
		note(b, "Wants a quote");
		note(c, "Sent the quote");
		note(d, "An old note");
		link(a, adminId, "whatsapp", "6281200000001@s.whatsapp.net");
		link(b, adminId, "outlook", "AAMk-b");
		link(b, otherStaffId, "whatsapp", "6281200000002@s.whatsapp.net");
		// the same staff member's WhatsApp as a's: one link per contact, staff member and
		// provider, so the merge drops it and the undo must bring it back
		link(c, adminId, "whatsapp", "6281200000003@s.whatsapp.net");
		link(d, otherStaffId, "google", "people/c42");
		// d was merged into b before: its URL leads to b, and must again after the undo
		Map<MergeField, Long> allOfB = new EnumMap<>(MergeField.class);
		for (MergeField field : MergeField.values()) {
			allOfB.put(field, b);
		}
		long earlier = merges.merge(new ContactMerges.MergeRequest(List.of(b, d), b, allOfB, false), admin).mergeId();
		Map<String, List<Map<String, Object>>> before = everything(a, b, c, d);

		Map<MergeField, Long> choices = new EnumMap<>(MergeField.class);
		choices.put(MergeField.NAME, c);
		choices.put(MergeField.COMPANY, b);
		choices.put(MergeField.STATUS, b);
		choices.put(MergeField.OWNER, b);
		ContactMerges.Merged merged = merges.merge(new ContactMerges.MergeRequest(List.of(c, a, b), a, choices, false),
				admin);

		assertThat(merged.contact().id()).isEqualTo(a);
		assertThat(merged.contact().name()).isEqualTo("Rina K. 😀");
		assertThat(merged.contact().company()).isEqualTo("PT Contoh");
		assertThat(merged.contact().leadStatus()).isEqualTo("qualified");
		assertThat(merged.contact().owner()).isEqualTo("merge-rina");
		assertThat(jdbc.queryForList("SELECT id FROM contacts", Long.class)).containsExactly(a);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_notes WHERE contact_id = ?", Integer.class, a))
			.isEqualTo(4);
		assertThat(jdbc.queryForList(
				"SELECT external_id FROM contact_links WHERE contact_id = ? ORDER BY external_id", String.class, a))
			.containsExactlyElementsOf(has("contact_phones")
					// since V19 a contact has several identities of one source and staff
					// member
					? List.of("6281200000001@s.whatsapp.net", "6281200000002@s.whatsapp.net",
							"6281200000003@s.whatsapp.net", "AAMk-b", "people/c42")
					: List.of("6281200000001@s.whatsapp.net", "6281200000002@s.whatsapp.net", "AAMk-b", "people/c42"));
		assertThat(merges.redirect(b)).contains(a);
		assertThat(merges.redirect(c)).contains(a);
		assertThat(merges.redirect(d)).contains(a);
		assertThat(jdbc.queryForObject("SELECT outlook_contact_id FROM contacts WHERE id = ?", String.class, a))
			.isEqualTo("AAMk-b");
		assertThat(jdbc.queryForList("SELECT action FROM audit_events WHERE target = ?", String.class,
				"merge " + merged.mergeId()))
			.containsExactly("contacts.merged");

		List<Long> back = merges.undo(merged.mergeId(), admin);

		assertThat(back).containsExactlyInAnyOrder(a, b, c);
		Map<String, List<Map<String, Object>>> after = everything(a, b, c, d);
		long versionBefore = ((Number) before.get("contacts").get(0).get("version")).longValue();
		long versionAfter = ((Number) after.get("contacts").get(0).remove("version")).longValue();
		before.get("contacts").get(0).remove("version");
		assertThat(versionAfter).isGreaterThan(versionBefore);
		assertThat(after).isEqualTo(before);
		assertThat(merges.redirect(d)).contains(b);
		assertThat(merges.find(merged.mergeId()).orElseThrow().undoneAt()).isNotNull();
		assertThat(merges.find(earlier).orElseThrow().undoneAt()).isNull();
		assertThat(jdbc.queryForList("SELECT action FROM audit_events WHERE target = ? ORDER BY id", String.class,
				"merge " + merged.mergeId()))
			.containsExactly("contacts.merged", "contacts.unmerged");
		assertThatExceptionOfType(MergeRefusedException.class).isThrownBy(() -> merges.undo(merged.mergeId(), admin))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo("already_undone"));
	}

	@Test
	void numbersEmailsTheirSourcesAndSuggestionsAreUnitedAndComeBackExactly() {
		Assumptions.assumeTrue(has("contact_phones"), "the people model (V19) is not here yet");
		long a = contact("Wati", "6281600000001", "wati@example.com", null, "manual", true, null);
		long b = contact("Wati Utomo", "6281600000002", "Wati@Example.com", null, "outlook", false, null);
		long c = contact("Wati Utomo", "6281600000009", null, null, "whatsapp", false, null);
		phone(a, "6281600000001", true, "manual", 0);
		phone(b, "6281600000002", true, "outlook", adminId);
		phone(b, "6281600000003", false, "outlook", adminId);
		phone(c, "6281600000009", true, "whatsapp", otherStaffId);
		email(a, "wati@example.com", true, "manual", 0);
		email(b, "Wati@Example.com", true, "outlook", adminId);
		email(b, "wati.utomo@example.com", false, "outlook", adminId);
		for (long id : new long[] { a, b, c }) {
			jdbc.update("UPDATE contacts SET name_key = LOWER(CONCAT(name, ' | ')) WHERE id = ?", id);
		}
		suggestion(a, b, "email", "wati@example.com");
		suggestion(b, c, "name", "wati utomo");
		Map<String, List<Map<String, Object>>> before = everything(a, b, c);

		Map<MergeField, Long> choices = new EnumMap<>(MergeField.class);
		choices.put(MergeField.PHONE, b);
		choices.put(MergeField.NAME, b);
		merges.merge(new ContactMerges.MergeRequest(List.of(a, b), a, choices, false), admin);

		assertThat(jdbc.queryForList("SELECT phone FROM contact_phones WHERE contact_id = ? ORDER BY phone",
				String.class, a))
			.containsExactly("6281600000001", "6281600000002", "6281600000003");
		assertThat(jdbc.queryForList("SELECT phone FROM contact_phones WHERE contact_id = ? AND is_primary = TRUE",
				String.class, a))
			.containsExactly("6281600000002");
		assertThat(jdbc.queryForObject("SELECT phone FROM contacts WHERE id = ?", String.class, a))
			.isEqualTo("6281600000002");
		assertThat(jdbc.queryForList("SELECT email_key FROM contact_emails WHERE contact_id = ? ORDER BY email_key",
				String.class, a))
			.containsExactly("wati.utomo@example.com", "wati@example.com");
		assertThat(jdbc.queryForList("SELECT source FROM contact_email_sources WHERE contact_id = ? AND email_key = "
				+ "'wati@example.com' ORDER BY source", String.class, a))
			.containsExactly("manual", "outlook");
		assertThat(jdbc.queryForList("SELECT CONCAT(contact_a, '-', contact_b, '-', reason) FROM contact_duplicates",
				String.class))
			.containsExactly(a + "-" + c + "-name");

		long mergeId = jdbc.queryForObject("SELECT MAX(id) FROM contact_merges", Long.class);
		merges.undo(mergeId, admin);

		Map<String, List<Map<String, Object>>> after = everything(a, b, c);
		after.get("contacts").get(0).remove("version");
		before.get("contacts").get(0).remove("version");
		assertThat(after).isEqualTo(before);
	}

	@Test
	void undoKeepsWhatSourcesChangedSinceOnTheContactItBelongsTo() {
		long a = contact("Budi", "6281300000001", null, null, "whatsapp", false, null);
		long b = contact("Budi Santoso", "6281300000002", "budi@example.com", null, "outlook", false, "AAMk-budi");
		link(b, adminId, "outlook", "AAMk-budi");
		long mergeId = merges.merge(new ContactMerges.MergeRequest(List.of(a, b), a, Map.of(), false), admin).mergeId();
		// after the merge a sync saw b's Outlook contact again, and someone renamed a
		jdbc.update("UPDATE contact_links SET change_key = 'ck-2' WHERE contact_id = ? AND provider = 'outlook'", a);
		jdbc.update("UPDATE contacts SET company = 'PT Baru' WHERE id = ?", a);

		merges.undo(mergeId, admin);

		assertThat(jdbc.queryForObject(
				"SELECT change_key FROM contact_links WHERE contact_id = ? AND provider = " + "'outlook'", String.class,
				b))
			.isEqualTo("ck-2");
		assertThat(jdbc.queryForMap("SELECT name, company FROM contacts WHERE id = ?", a)).containsEntry("name", "Budi")
			.containsEntry("company", "PT Baru");
		assertThat(jdbc.queryForMap("SELECT name, email FROM contacts WHERE id = ?", b))
			.containsEntry("name", "Budi Santoso")
			.containsEntry("email", "budi@example.com");
	}

	@Test
	void aMergePastItsUndoWindowForgetsItsSnapshotButKeepsItsRedirects() {
		long a = contact("Tono", "6281500000001", null, null, "whatsapp", false, null);
		long b = contact("Tono Wijaya", "6281500000002", "tono@example.com", null, "manual", true, null);
		long c = contact("Dewi", "6281500000003", null, null, "whatsapp", false, null);
		long d = contact("Dewi Lestari", "6281500000004", null, null, "manual", true, null);
		long old = merges.merge(new ContactMerges.MergeRequest(List.of(a, b), a, Map.of(), false), admin).mergeId();
		long recent = merges.merge(new ContactMerges.MergeRequest(List.of(c, d), c, Map.of(), false), admin).mergeId();
		jdbc.update("UPDATE contact_merges SET created_at = ? WHERE id = ?",
				java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).minusDays(32), old);

		int cleared = pruning.prune(java.time.Instant.now());

		assertThat(cleared).isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT snapshot FROM contact_merges WHERE id = ?", String.class, old))
			.isEmpty();
		assertThat(jdbc.queryForObject("SELECT snapshot FROM contact_merges WHERE id = ?", String.class, recent))
			.contains("Dewi Lestari");
		assertThat(merges.redirect(b)).contains(a);
		assertThatExceptionOfType(MergeRefusedException.class).isThrownBy(() -> merges.undo(old, admin))
			.satisfies((ex) -> assertThat(ex.error()).isEqualTo("undo_expired"));
		assertThat(pruning.prune(java.time.Instant.now())).isZero();
		assertThat(merges.undo(recent, admin)).containsExactlyInAnyOrder(c, d);
	}

	@Test
	void aDryRunShowsTheResultAndSavesNothing() {
		long a = contact("Sari", "6281400000001", null, null, "whatsapp", false, null);
		long b = contact("Sari Dewi", "6281400000002", "sari@example.com", null, "manual", true, null);
		// the people model keeps numbers and emails in their own tables
		phone(a, "6281400000001", true, "whatsapp", adminId);
		phone(b, "6281400000002", true, "manual", 0);
		email(b, "sari@example.com", true, "manual", 0);
		Map<String, List<Map<String, Object>>> before = everything(a, b);

		ContactMerges.Merged shown = merges.merge(new ContactMerges.MergeRequest(List.of(a, b), a, Map.of(), true),
				admin);

		assertThat(shown.mergeId()).isNull();
		assertThat(shown.contact().name()).isEqualTo("Sari Dewi");
		assertThat(shown.contact().emails()).extracting(ContactJson.Email::address).containsExactly("sari@example.com");
		assertThat(everything(a, b)).isEqualTo(before);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_merges", Integer.class)).isZero();
	}

	@Test
	void twoMergesOfTheSameContactsAtOnceGiveOneMergeAndOneClearRefusal() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 5; round++) {
				long a = contact("Dewi " + round, "62815000000" + round + "1", null, null, "whatsapp", false, null);
				long b = contact("Dewi " + round, "62815000000" + round + "2", null, null, "outlook", false, null);
				CyclicBarrier start = new CyclicBarrier(2);
				List<Callable<String>> racers = new ArrayList<>();
				for (long keep : new long[] { a, b }) {
					racers.add(() -> {
						start.await();
						try {
							merges.merge(new ContactMerges.MergeRequest(List.of(a, b), keep, Map.of(), false), admin);
							return "merged";
						}
						catch (MergeRefusedException ex) {
							return ex.status().value() + " " + ex.error();
						}
					});
				}
				List<String> outcomes = new ArrayList<>();
				for (Future<String> outcome : pool.invokeAll(racers)) {
					outcomes.add(outcome.get());
				}
				assertThat(outcomes).containsExactlyInAnyOrder("merged", "409 already_merged");
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts WHERE id IN (?, ?)", Integer.class, a, b))
					.isOne();
				assertThat(jdbc.queryForObject(
						"SELECT COUNT(*) FROM contact_merges WHERE survivor_id IN (?, ?) AND undone_at IS NULL",
						Integer.class, a, b))
					.isOne();
			}
		}
		finally {
			pool.shutdown();
		}
	}

	private long contact(String name, String phone, String email, String company, String source, boolean nameEdited,
			String outlookId) {
		jdbc.update(
				"INSERT INTO contacts (name, phone, email, company, source, name_edited, outlook_contact_id, "
						+ "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '2026-03-01 10:00:00.000001', ?)",
				name, phone, email, company, source, nameEdited, outlookId,
				"2026-03-0" + (1 + phone.charAt(phone.length() - 1) % 9) + " 11:00:00."
						+ phone.substring(phone.length() - 6));
		return jdbc.queryForObject("SELECT id FROM contacts WHERE phone = ?", Long.class, phone);
	}

	private void note(long contact, String body) {
		jdbc.update("INSERT INTO contact_notes (contact_id, author_id, author_name, body, created_at) "
				+ "VALUES (?, ?, 'Admin', ?, '2026-03-05 09:00:00.5')", contact, adminId, body);
	}

	private void link(long contact, long staff, String provider, String externalId) {
		jdbc.update("INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, change_key, "
				+ "first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, 'ck-1', '2026-03-01 10:00:00', "
				+ "'2026-03-06 10:00:00.654321')", contact, staff, provider, externalId);
		// as the application's writes keep it (V32)
		jdbc.update("UPDATE contacts SET whatsapp_linked = " + ContactChanges.WHATSAPP_LINKED + " WHERE id = ?",
				contact);
	}

	private boolean has(String table) {
		return !jdbc
			.queryForList("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
					+ "AND table_name = ?", String.class, table)
			.isEmpty();
	}

	private void phone(long contact, String phone, boolean primary, String source, long staff) {
		jdbc.update("DELETE FROM contact_phones WHERE phone = ?", phone);
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
				+ "VALUES (?, ?, 'mobile', ?, '2026-03-01 10:00:00.25')", phone, contact, primary);
		jdbc.update("INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at) "
				+ "VALUES (?, ?, ?, '2026-03-01 10:00:00.5')", phone, source, staff);
	}

	private void email(long contact, String email, boolean primary, String source, long staff) {
		String key = email.toLowerCase(java.util.Locale.ROOT);
		jdbc.update("DELETE FROM contact_emails WHERE contact_id = ? AND email_key = ?", contact, key);
		jdbc.update("INSERT INTO contact_emails (contact_id, email_key, email, is_primary, created_at) "
				+ "VALUES (?, ?, ?, ?, '2026-03-01 10:00:00.75')", contact, key, email, primary);
		jdbc.update("INSERT INTO contact_email_sources (contact_id, email_key, source, staff_user_id, created_at) "
				+ "VALUES (?, ?, ?, ?, '2026-03-01 10:00:01')", contact, key, source, staff);
	}

	private void suggestion(long a, long b, String reason, String detail) {
		jdbc.update("INSERT INTO contact_duplicates (contact_a, contact_b, reason, detail, created_at) "
				+ "VALUES (?, ?, ?, ?, '2026-03-02 10:00:00')", Math.min(a, b), Math.max(a, b), reason, detail);
	}

	/**
	 * Every row of every table a merge touches, for these contacts, in a stable order.
	 */
	private Map<String, List<Map<String, Object>>> everything(long... ids) {
		List<Long> list = new ArrayList<>();
		for (long id : ids) {
			list.add(id);
		}
		String in = SqlArguments.placeholders(list.size());
		Map<String, List<Map<String, Object>>> all = new HashMap<>();
		all.put("contacts",
				jdbc.queryForList("SELECT * FROM contacts WHERE id IN (" + in + ") ORDER BY id", list.toArray()));
		all.put("contact_notes", jdbc
			.queryForList("SELECT * FROM contact_notes WHERE contact_id IN (" + in + ") ORDER BY id", list.toArray()));
		all.put("contact_links", jdbc.queryForList("SELECT * FROM contact_links WHERE contact_id IN (" + in
				+ ") ORDER BY contact_id, staff_user_id, provider, external_id", list.toArray()));
		all.put("contact_redirects", jdbc.queryForList(
				"SELECT * FROM contact_redirects WHERE merged_id IN (" + in + ") ORDER BY merged_id", list.toArray()));
		if (has("contact_phones")) {
			all.put("contact_phones", jdbc.queryForList(
					"SELECT * FROM contact_phones WHERE contact_id IN (" + in + ") ORDER BY phone", list.toArray()));
			all.put("contact_phone_sources",
					jdbc.queryForList(
							"SELECT s.* FROM contact_phone_sources s JOIN contact_phones p ON p.phone = s.phone "
									+ "WHERE p.contact_id IN (" + in + ") ORDER BY s.phone, s.source, s.staff_user_id",
							list.toArray()));
			all.put("contact_emails", jdbc.queryForList(
					"SELECT * FROM contact_emails WHERE contact_id IN (" + in + ") ORDER BY contact_id, email_key",
					list.toArray()));
			all.put("contact_email_sources",
					jdbc.queryForList("SELECT * FROM contact_email_sources WHERE contact_id IN (" + in
							+ ") ORDER BY contact_id, email_key, source, staff_user_id", list.toArray()));
			all.put("contact_duplicates", jdbc.queryForList("SELECT * FROM contact_duplicates WHERE contact_a IN (" + in
					+ ") OR contact_b IN (" + in + ") ORDER BY id", SqlArguments.args(list, list)));
		}
		return all;
	}

}
