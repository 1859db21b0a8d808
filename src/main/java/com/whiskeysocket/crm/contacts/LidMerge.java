package com.whiskeysocket.crm.contacts;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.whiskeysocket.crm.contacts.PersonRows.PhoneRow;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * WhatsApp revealed the number behind a LID (a private id that hides a person's number).
 * The number attaches to the person known by that LID; the LID becomes an identity of the
 * person who has that number; and when those are two people, they become one: the person
 * known only by the LID merges <em>into the number's person</em> (who keeps its id, URL,
 * owner and status; its empty fields are filled from the other; a name that is only a
 * number gives way), with every identity, number, email and note. The join is a merge
 * like one by hand ({@link ContactMerges#mergeFound}): kept in {@code contact_merges},
 * audited as {@code contacts.merged}, and undone from the survivor's page for 30 days.
 * Once a join of two people is undone, WhatsApp never joins them again on its own: the
 * LID stays with its person, and the two are suggested as duplicates ({@code phone}) for
 * a person to decide.
 */
@Component
class LidMerge {

	private final JdbcTemplate jdbc;

	private final ExistingContacts existing;

	private final PersonRows rows;

	private final ContactMerges merges;

	private final DuplicateFinder duplicates;

	LidMerge(JdbcTemplate jdbc, ExistingContacts existing, PersonRows rows, ContactMerges merges,
			DuplicateFinder duplicates) {
		this.jdbc = jdbc;
		this.existing = existing;
		this.rows = rows;
		this.merges = merges;
		this.duplicates = duplicates;
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
		List<Long> joining = new ArrayList<>();
		boolean apart = false;
		for (long gone : lidPeople) {
			if (gone == survivor || !people.containsKey(gone)) {
				continue;
			}
			if (merges.undone(survivor, gone)) {
				// somebody undid this join: they stay two, suggested as one
				duplicates.record(List.of(SuggestedDuplicates.Suggestion.of(survivor, gone, "phone", digits)), now);
				apart = true;
			}
			else {
				joining.add(gone);
			}
		}
		if (!joining.isEmpty()) {
			List<Long> ids = new ArrayList<>(joining);
			ids.add(survivor);
			merges.mergeFound(ids, survivor, (contacts) -> survivorRule(contacts, survivor), staffId, "WhatsApp",
					"known by the WhatsApp LID " + lid);
			deleted.addAll(joining);
		}
		if (!apart) {
			jdbc.update("INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, first_seen_at, "
					+ "last_seen_at) VALUES (?, ?, 'whatsapp', ?, ?, ?) ON DUPLICATE KEY UPDATE contact_id = contact_id",
					survivor, staffId, lid, now, now);
		}
		return Optional.of(survivor);
	}

	/**
	 * The number's person keeps its values; an empty field takes the first other
	 * person's, and a name that is only a number (not typed by hand) gives way to a real
	 * one.
	 * @return the survivor's columns that change
	 */
	static Map<String, String> survivorRule(Map<Long, Map<String, String>> contacts, long survivor) {
		Map<String, String> kept = contacts.get(survivor);
		Map<String, String> values = new LinkedHashMap<>();
		contacts.forEach((id, other) -> {
			if (id == survivor) {
				return;
			}
			for (String column : List.of("email", "company", "notes", "owner_id")) {
				if (blank(kept.get(column)) && !blank(other.get(column))) {
					values.putIfAbsent(column, other.get(column));
				}
			}
			String name = other.get("name");
			if (!"1".equals(kept.get("name_edited")) && MergeRules.onlyNumber(nullToEmpty(kept.get("name")))
					&& !blank(name) && !MergeRules.onlyNumber(name)) {
				values.putIfAbsent("name", name);
			}
		});
		return values;
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

	private static String nullToEmpty(String value) {
		return (value != null) ? value : "";
	}

}
