package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds the pairs of people who may be one among the contacts a page of a sync or an
 * import merged: the same email, the same name and company ({@link NameKey}), or one
 * incoming contact whose numbers belong to both. Each page looks up only the keys it
 * touched, through their indexes, a chunk of keys a query. A key shared by more than
 * {@link DuplicateFinder#MAX_GROUP} people (a shared mailbox, a common name) suggests
 * nothing, as for a single edit ({@link DuplicateFinder#crowded}).
 * {@link DuplicateFinder#record} writes what this finds.
 */
@Component
class SuggestedDuplicates {

	private final JdbcTemplate jdbc;

	SuggestedDuplicates(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The people who share an email with these contacts.
	 * @param keysByContact email keys by contact
	 * @return a suggestion per pair
	 */
	List<Suggestion> sameEmail(Map<Long, Set<String>> keysByContact) {
		Map<String, Set<Long>> contactsByKey = new HashMap<>();
		keysByContact.forEach((id, keys) -> keys
			.forEach((k) -> contactsByKey.computeIfAbsent(k, (x) -> new LinkedHashSet<>()).add(id)));
		return pairs(contactsByKey, "email",
				"SELECT email_key AS k, contact_id AS id FROM contact_emails WHERE email_key IN (%s) "
						+ "ORDER BY email_key, contact_id");
	}

	/**
	 * The people with the same name and company as these contacts, where that says
	 * something: a company given, or a name of two words or more.
	 * @param nameKeys {@link NameKey}s by contact
	 * @return a suggestion per pair
	 */
	List<Suggestion> sameName(Map<Long, String> nameKeys) {
		Map<String, Set<Long>> contactsByKey = new HashMap<>();
		nameKeys.forEach((id, key) -> {
			if (telling(key)) {
				contactsByKey.computeIfAbsent(key, (x) -> new LinkedHashSet<>()).add(id);
			}
		});
		return pairs(contactsByKey, "name",
				"SELECT name_key AS k, id FROM contacts WHERE name_key IN (%s) ORDER BY name_key, id");
	}

	/** A name with a letter, and a company or a second word. */
	static boolean telling(String key) {
		int bar = key.lastIndexOf(" | ");
		String name = (bar >= 0) ? key.substring(0, bar) : key;
		String company = (bar >= 0) ? key.substring(bar + 3) : "";
		return name.codePoints().anyMatch(Character::isLetter) && (!company.isBlank() || name.contains(" "));
	}

	private List<Suggestion> pairs(Map<String, Set<Long>> changedByKey, String reason, String sql) {
		List<Suggestion> suggestions = new ArrayList<>();
		List<String> keys = new ArrayList<>(changedByKey.keySet());
		for (int from = 0; from < keys.size(); from += PersonRows.CHUNK) {
			List<String> chunk = keys.subList(from, Math.min(from + PersonRows.CHUNK, keys.size()));
			Map<String, List<Long>> holders = new HashMap<>();
			jdbc.query(String.format(sql, placeholders(chunk.size())), (rs) -> {
				List<Long> ids = holders.computeIfAbsent(rs.getString("k"), (k) -> new ArrayList<>());
				if (!DuplicateFinder.crowded(ids.size())) {
					ids.add(rs.getLong("id"));
				}
			}, chunk.toArray());
			holders.forEach((key, ids) -> {
				if (DuplicateFinder.crowded(ids.size())) {
					return;
				}
				for (long changed : changedByKey.getOrDefault(key, Set.of())) {
					ids.stream()
						.filter((other) -> other != changed)
						.forEach((other) -> suggestions.add(Suggestion.of(changed, other, reason, key)));
				}
			});
		}
		return suggestions;
	}

	/**
	 * Two people who may be one.
	 *
	 * @param a the smaller id
	 * @param b the larger id
	 * @param reason {@code email}, {@code name} or {@code phone}
	 * @param detail the shared email, name key or number
	 */
	record Suggestion(long a, long b, String reason, String detail) {

		static Suggestion of(long one, long other, String reason, String detail) {
			String cut = (detail != null && detail.length() > 500) ? detail.substring(0, 500) : detail;
			return new Suggestion(Math.min(one, other), Math.max(one, other), reason, cut);
		}

	}

}
