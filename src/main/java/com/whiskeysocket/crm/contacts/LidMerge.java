package com.whiskeysocket.crm.contacts;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.contacts.ExistingContacts.Locked;
import com.whiskeysocket.crm.contacts.MergeRules.Existing;
import com.whiskeysocket.crm.contacts.PersonRows.PhoneRow;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * WhatsApp revealed the number behind a LID (a private id that hides a person's number).
 * The number attaches to the person known by that LID; the LID becomes an identity of the
 * person who has that number; and when those are two people, they become one: the person
 * known only by the LID merges <em>into the number's person</em> (who keeps its id, URL,
 * owner and status; its empty fields are filled from the other; a name that is only a
 * number gives way), with every identity, number, email and note. Audited as
 * {@code contacts.merged}.
 */
@Component
class LidMerge {

	private final JdbcTemplate jdbc;

	private final ExistingContacts existing;

	private final PersonRows rows;

	private final AuditLog audit;

	LidMerge(JdbcTemplate jdbc, ExistingContacts existing, PersonRows rows, AuditLog audit) {
		this.jdbc = jdbc;
		this.existing = existing;
		this.rows = rows;
		this.audit = audit;
	}

	/**
	 * Records that a LID is a number, in the caller's transaction.
	 * @param staffId whose WhatsApp told
	 * @param lid the LID ({@code 123456789@lid})
	 * @param digits the number's E.164 digits
	 * @param now the transaction's time
	 * @param deleted receives the people merged into the one who has both
	 * @return the person who now has both, or empty if nobody has either
	 */
	Optional<Long> link(long staffId, String lid, String digits, LocalDateTime now, Set<Long> deleted) {
		List<Long> lidPeople = jdbc.queryForList("SELECT DISTINCT contact_id FROM contact_links WHERE provider = "
				+ "'whatsapp' AND external_id = ? ORDER BY contact_id", Long.class, lid);
		Set<String> legacy = new HashSet<>();
		Long numberPerson = existing.owners(List.of(digits), legacy).get(digits);
		if (numberPerson == null && lidPeople.isEmpty()) {
			return Optional.empty();
		}
		long survivor = (numberPerson != null) ? numberPerson : lidPeople.get(0);
		List<Long> all = new ArrayList<>(lidPeople);
		all.add(survivor);
		var people = existing.read(all, true);
		if (!people.containsKey(survivor)) {
			return Optional.empty();
		}
		existing.adoptLegacy(legacy, java.util.Map.of(digits, survivor), now);
		KnownBy whatsApp = new KnownBy(Origin.WHATSAPP, staffId);
		if (numberPerson == null) {
			boolean primary = people.get(survivor).phone() == null;
			rows.insertPhones(List.of(new PhoneRow(digits, survivor, "mobile", primary, now)));
			if (primary) {
				jdbc.update("UPDATE contacts SET phone = ?, updated_at = ?, version = version + 1 WHERE id = ?", digits,
						now, survivor);
			}
		}
		rows.addPhoneSources(List.of(digits), whatsApp, now);
		jdbc.update("INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, first_seen_at, "
				+ "last_seen_at) VALUES (?, ?, 'whatsapp', ?, ?, ?) ON DUPLICATE KEY UPDATE contact_id = contact_id",
				survivor, staffId, lid, now, now);
		for (long gone : lidPeople) {
			if (gone != survivor && people.containsKey(gone)) {
				mergeInto(people.get(survivor), people.get(gone), now);
				deleted.add(gone);
			}
		}
		return Optional.of(survivor);
	}

	private void mergeInto(Locked survivor, Locked gone, LocalDateTime now) {
		long to = survivor.existing().id();
		long from = gone.existing().id();
		jdbc.update("UPDATE contact_links SET contact_id = ? WHERE contact_id = ?", to, from);
		jdbc.update("UPDATE contact_phones SET is_primary = FALSE WHERE contact_id = ?", from);
		jdbc.update("UPDATE contact_phones SET contact_id = ? WHERE contact_id = ?", to, from);
		List<String> keys = jdbc.queryForList("SELECT email_key FROM contact_emails WHERE contact_id = ?", String.class,
				to);
		for (String key : jdbc.queryForList("SELECT email_key FROM contact_emails WHERE contact_id = ?", String.class,
				from)) {
			if (!keys.contains(key)) {
				jdbc.update("UPDATE contact_emails SET is_primary = FALSE WHERE contact_id = ? AND email_key = ?", from,
						key);
				jdbc.update("UPDATE contact_emails SET contact_id = ? WHERE contact_id = ? AND email_key = ?", to, from,
						key);
			}
		}
		jdbc.update("UPDATE contact_notes SET contact_id = ? WHERE contact_id = ?", to, from);
		Existing kept = survivor.existing();
		Existing other = gone.existing();
		boolean takeName = !kept.nameEdited() && MergeRules.onlyNumber(kept.name())
				&& !MergeRules.onlyNumber(other.name());
		String email = (kept.email() != null) ? kept.email() : other.email();
		String company = (kept.company() != null) ? kept.company() : other.company();
		String name = takeName ? other.name() : kept.name();
		if (kept.email() == null && email != null) {
			jdbc.update("UPDATE contact_emails SET is_primary = TRUE WHERE contact_id = ? AND email_key = ?", to,
					Emails.key(email));
		}
		Long owner = jdbc.queryForObject("SELECT owner_id FROM contacts WHERE id = ?", Long.class, from);
		jdbc.update(
				"UPDATE contacts SET name = ?, email = ?, company = ?, name_key = ?, owner_id = COALESCE(owner_id, ?), "
						+ "updated_at = ?, version = version + 1 WHERE id = ?",
				name, email, company, NameKey.of(name, company), owner, now, to);
		jdbc.update("DELETE FROM contacts WHERE id = ?", from);
		audit.record("contacts.merged", "contact " + to, "contact " + from + " (known by a WhatsApp LID) merged in");
	}

}
