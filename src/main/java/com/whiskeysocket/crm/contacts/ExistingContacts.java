package com.whiskeysocket.crm.contacts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.whiskeysocket.crm.contacts.MergeRules.Existing;
import com.whiskeysocket.crm.contacts.PersonRows.PhoneRow;

import static com.whiskeysocket.crm.contacts.SqlArguments.args;
import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds the people incoming numbers belong to, and reads (and locks) them as the merge
 * rules see them. Rows are locked in id order, as every writer of contacts locks them.
 */
@Component
class ExistingContacts {

	static final String COLUMNS = "id, phone, name, email, company, source, outlook_contact_id, "
			+ "google_contact_id, name_edited";

	/**
	 * Numbers per owner look-up: a page's numbers (up to three for each of 1,000 entries)
	 * in one statement.
	 */
	private static final int OWNERS_CHUNK = 3 * PersonRows.CHUNK;

	private final JdbcTemplate jdbc;

	private final PersonRows rows;

	private final IndexHints hints;

	ExistingContacts(JdbcTemplate jdbc, PersonRows rows, IndexHints hints) {
		this.jdbc = jdbc;
		this.rows = rows;
		this.hints = hints;
	}

	/**
	 * The person each number belongs to. A contact whose primary number was written
	 * without its row (by an older version, or a script) is found by
	 * {@code contacts.phone}; such numbers are added to {@code legacy}, for
	 * {@link #adoptLegacy}.
	 * @param phones normalized numbers
	 * @param legacy receives the numbers found only by {@code contacts.phone}
	 * @return contact ids by number; numbers nobody has are absent
	 */
	Map<String, Long> owners(Collection<String> phones, Set<String> legacy) {
		Map<String, Long> owners = new HashMap<>();
		Map<String, Long> byPrimary = new HashMap<>();
		List<String> all = phones.stream().distinct().toList();
		// both look-ups in one statement: on a first sync no number has a row, and the
		// second look-up would be asked for every one of them
		for (int from = 0; from < all.size(); from += OWNERS_CHUNK) {
			List<String> chunk = all.subList(from, Math.min(from + OWNERS_CHUNK, all.size()));
			jdbc.query(ownersSql(chunk.size()), (rs) -> {
				String phone = rs.getString("phone");
				long id = rs.getLong("contact_id");
				if (rs.getInt("legacy") == 0) {
					owners.put(phone, id);
				}
				else {
					byPrimary.merge(phone, id, Math::min);
				}
			}, args(chunk, chunk));
		}
		byPrimary.forEach((phone, id) -> {
			if (owners.putIfAbsent(phone, id) == null) {
				legacy.add(phone);
			}
		});
		return owners;
	}

	/**
	 * The owner look-up of {@code count} numbers, each given twice: by their rows, then
	 * by {@code contacts.phone}. Each number is looked up in contacts.phone's index: from
	 * statistics, the look-up was read as a walk of the whole index in some syncs.
	 */
	String ownersSql(int count) {
		String in = placeholders(count);
		return hints.exactRanges("SELECT phone, contact_id, 0 AS legacy FROM contact_phones WHERE phone IN (" + in
				+ ") UNION ALL SELECT phone, id, 1 FROM contacts WHERE phone IN (" + in + ")");
	}

	/**
	 * Contacts as the merge rules see them, with their primary number.
	 * @param ids contact ids
	 * @param lock whether to lock them until the transaction ends
	 * @return the contacts that exist, by id
	 */
	Map<Long, Locked> read(Collection<Long> ids, boolean lock) {
		Map<Long, Locked> byId = new HashMap<>();
		List<Long> sorted = ids.stream().distinct().sorted().toList();
		for (int from = 0; from < sorted.size(); from += PersonRows.CHUNK) {
			List<Long> chunk = sorted.subList(from, Math.min(from + PersonRows.CHUNK, sorted.size()));
			jdbc.query("SELECT " + COLUMNS + " FROM contacts WHERE id IN (" + placeholders(chunk.size())
					+ ") ORDER BY id" + (lock ? " FOR UPDATE" : ""), (rs) -> {
						byId.put(rs.getLong("id"), new Locked(existing(rs), rs.getString("phone")));
					}, chunk.toArray());
		}
		return byId;
	}

	/**
	 * The contacts that have these numbers, as the merge rules see them.
	 * @param phones normalized numbers
	 * @param lock whether to lock them
	 * @param legacy as for {@link #owners}
	 * @return contacts by number
	 */
	Map<String, Existing> byNumber(List<String> phones, boolean lock, Set<String> legacy) {
		Map<String, Long> owners = owners(phones, legacy);
		Map<Long, Locked> contacts = read(owners.values(), lock);
		Map<String, Existing> result = new HashMap<>();
		owners.forEach((phone, id) -> {
			if (contacts.containsKey(id)) {
				result.put(phone, contacts.get(id).existing());
			}
		});
		legacy.retainAll(result.keySet());
		return result;
	}

	/**
	 * Gives contacts found through {@code contacts.phone} the row of that number, known
	 * to what the contact's source column names (as V19 did for every contact then).
	 */
	void adoptLegacy(Set<String> legacy, Map<String, Long> owners, LocalDateTime now) {
		if (legacy.isEmpty()) {
			return;
		}
		List<PhoneRow> adopted = new ArrayList<>();
		legacy.stream()
			.sorted()
			.forEach((phone) -> adopted.add(new PhoneRow(phone, owners.get(phone), null, true, now)));
		rows.ensurePhones(adopted);
		Map<Origin, List<String>> byOrigin = new HashMap<>();
		List<String> phones = legacy.stream().sorted().toList();
		jdbc.query("SELECT phone, source FROM contacts WHERE phone IN (" + placeholders(phones.size()) + ")", (rs) -> {
			String source = rs.getString("source");
			Origin origin = Origin.fromCode("both".equals(source) ? "whatsapp" : source);
			byOrigin.computeIfAbsent(origin, (o) -> new ArrayList<>()).add(rs.getString("phone"));
		}, phones.toArray());
		byOrigin.forEach((origin, numbers) -> rows.addPhoneSources(numbers.stream().distinct().sorted().toList(),
				new KnownBy(origin, 0), now));
	}

	static Existing existing(ResultSet rs) throws SQLException {
		return new Existing(rs.getLong("id"), Source.fromCode(rs.getString("source")), rs.getString("name"),
				rs.getString("email"), rs.getString("company"), rs.getString("outlook_contact_id"),
				rs.getString("google_contact_id"), rs.getBoolean("name_edited"));
	}

	/**
	 * A contact read for a merge.
	 *
	 * @param existing as the merge rules see it
	 * @param phone its primary number, or {@code null} (a person known only by a LID)
	 */
	record Locked(Existing existing, String phone) {
	}

}
