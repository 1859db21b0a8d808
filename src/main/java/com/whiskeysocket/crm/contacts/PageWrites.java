package com.whiskeysocket.crm.contacts;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.whiskeysocket.crm.contacts.MergeRules.Existing;
import com.whiskeysocket.crm.contacts.PagePlan.Entry;

import static com.whiskeysocket.crm.contacts.SqlArguments.args;
import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The page merge's statements on {@code contacts} and {@code contact_links}, each one
 * batch for the page: new people, changed people, identities.
 */
@Component
class PageWrites {

	private static final String UPSERT_LINK = "INSERT INTO contact_links (contact_id, staff_user_id, provider, "
			+ "external_id, change_key, folder_id, first_seen_at, last_seen_at, last_seen_run_id) "
			+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE contact_id = VALUES(contact_id), "
			+ "change_key = VALUES(change_key), folder_id = VALUES(folder_id), "
			+ "last_seen_at = VALUES(last_seen_at), last_seen_run_id = VALUES(last_seen_run_id)";

	private final JdbcTemplate jdbc;

	private final IndexHints hints;

	PageWrites(JdbcTemplate jdbc, IndexHints hints) {
		this.jdbc = jdbc;
		this.hints = hints;
	}

	/** The people this staff member's entries already feed, by entry id. */
	Map<String, Long> identities(AddressBook book, long staffId, List<Entry> leaders) {
		List<String> ids = new ArrayList<>();
		leaders.forEach((leader) -> leader.all().forEach((entry) -> ids.add(entry.externalId())));
		Map<String, Long> linked = new HashMap<>();
		for (int from = 0; from < ids.size(); from += PersonRows.CHUNK) {
			List<String> chunk = ids.subList(from, Math.min(from + PersonRows.CHUNK, ids.size()));
			jdbc.query("SELECT external_id, contact_id FROM contact_links WHERE staff_user_id = ? AND provider = ? "
					+ "AND external_id IN (" + placeholders(chunk.size()) + ")", (rs) -> {
						linked.put(rs.getString("external_id"), rs.getLong("contact_id"));
					}, args(staffId, book.provider().code(), chunk));
		}
		return linked;
	}

	/**
	 * Inserts new people, read back by this transaction's timestamp and their primary
	 * number; a person without a number (a WhatsApp LID) on its own. Not the batch's
	 * generated keys: asking for them makes MariaDB Connector/J (before server 11.5) send
	 * the batch as single-row inserts instead of one bulk insert, measured 30–90 % slower
	 * per page of 1,000 than the bulk insert and this read together.
	 * @return their ids, in the order given
	 */
	List<Long> insertContacts(AddressBook book, long staffId, List<Entry> fresh, LocalDateTime now) {
		List<Entry> withPhone = fresh.stream().filter((e) -> e.phone() != null).toList();
		jdbc.batchUpdate(book.insertContact(), withPhone, withPhone.size(),
				(ps, entry) -> bind(ps, book, staffId, entry, now));
		Map<String, Long> byPhone = new HashMap<>();
		if (!withPhone.isEmpty()) {
			Set<String> phones = new HashSet<>();
			withPhone.forEach((entry) -> phones.add(entry.phone()));
			// the rows this transaction stamped, one range of the (updated_at, id) index:
			// a look-up of each number was read, in some runs, as a walk of the whole
			// table (MariaDB guesses a long list's matches from statistics that lag
			// behind a table growing by a thousand rows a page: 2.9 million rows read for
			// 77 pages of a sync)
			jdbc.query("SELECT id, phone FROM contacts" + hints.force("idx_contacts_updated_at")
					+ " WHERE updated_at = ? AND created_at = ? AND phone IS NOT NULL", (rs) -> {
						String phone = rs.getString("phone");
						if (phones.contains(phone)) {
							byPhone.merge(phone, rs.getLong("id"), Math::max);
						}
					}, now, now);
		}
		List<Long> ids = new ArrayList<>();
		for (Entry entry : fresh) {
			if (entry.phone() != null) {
				ids.add(byPhone.get(entry.phone()));
				continue;
			}
			GeneratedKeyHolder key = new GeneratedKeyHolder();
			jdbc.update((connection) -> {
				PreparedStatement ps = connection.prepareStatement(book.insertContact(), new String[] { "id" });
				bind(ps, book, staffId, entry, now);
				return ps;
			}, key);
			ids.add(key.getKey().longValue());
		}
		return ids;
	}

	private static void bind(PreparedStatement ps, AddressBook book, long staffId, Entry entry, LocalDateTime now)
			throws java.sql.SQLException {
		int i = 0;
		ps.setString(++i, entry.incoming().name());
		ps.setString(++i, entry.phone());
		ps.setString(++i, entry.incoming().email());
		ps.setString(++i, entry.incoming().company());
		if (book.idColumn() != null) {
			ps.setString(++i, entry.externalId());
		}
		ps.setLong(++i, staffId);
		ps.setObject(++i, now);
		ps.setObject(++i, now);
		ps.setString(++i, NameKey.of(entry.incoming().name(), entry.incoming().company()));
	}

	/** What the merge rules decided, in id order. */
	void update(AddressBook book, List<Existing> updates, LocalDateTime now) {
		jdbc.batchUpdate(book.updateContact(), updates, updates.size(), (ps, e) -> {
			int i = 0;
			ps.setString(++i, e.name());
			ps.setString(++i, e.email());
			ps.setString(++i, e.company());
			ps.setString(++i, e.source().code());
			if (book.idColumn() != null) {
				ps.setString(++i, e.externalId(book.provider()));
			}
			ps.setString(++i, NameKey.of(e.name(), e.company()));
			ps.setObject(++i, now);
			ps.setLong(++i, e.id());
		});
	}

	/** People without a number (known by a LID) who got one: it is their primary. */
	void fillPrimaries(Map<Long, String> filled, LocalDateTime now) {
		List<Object[]> rows = filled.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((e) -> new Object[] { e.getValue(), now, e.getKey() })
			.toList();
		jdbc.batchUpdate("UPDATE contacts SET phone = ?, updated_at = ?, version = version + 1 WHERE id = ?", rows);
	}

	/** Records that each entry feeds its person, and when it was seen. */
	void upsertLinks(AddressBook book, long staffId, long runId, List<LinkWrite> links, LocalDateTime now) {
		List<LinkWrite> sorted = new ArrayList<>(links);
		sorted.sort(java.util.Comparator.comparingLong(LinkWrite::contactId));
		jdbc.batchUpdate(UPSERT_LINK, sorted, sorted.size(), (ps, w) -> {
			ps.setLong(1, w.contactId());
			ps.setLong(2, staffId);
			ps.setString(3, book.provider().code());
			ps.setString(4, w.entry().externalId());
			ps.setString(5, w.entry().changeKey());
			ps.setString(6, w.entry().folderId());
			ps.setObject(7, now);
			ps.setObject(8, now);
			if (runId > 0) {
				ps.setLong(9, runId);
			}
			else {
				ps.setNull(9, Types.BIGINT);
			}
		});
	}

	/** The address book's links of these people, by person. */
	Map<Long, List<Link>> linksOf(AddressBook book, Collection<Long> contactIds) {
		Map<Long, List<Link>> links = new HashMap<>();
		List<Long> ids = new ArrayList<>(contactIds);
		for (int from = 0; from < ids.size(); from += PersonRows.CHUNK) {
			List<Long> chunk = ids.subList(from, Math.min(from + PersonRows.CHUNK, ids.size()));
			jdbc.query("SELECT contact_id, staff_user_id, external_id, folder_id, last_seen_run_id FROM contact_links "
					+ "WHERE provider = ? AND contact_id IN (" + placeholders(chunk.size()) + ")", (rs) -> {
						long runId = rs.getLong("last_seen_run_id");
						links.computeIfAbsent(rs.getLong("contact_id"), (id) -> new ArrayList<>())
							.add(new Link(rs.getLong("contact_id"), rs.getLong("staff_user_id"),
									rs.getString("external_id"), rs.getString("folder_id"),
									rs.wasNull() ? null : runId));
					}, args(book.provider().code(), chunk));
		}
		return links;
	}

	/**
	 * The people every one of whose entries in this staff member's address book is in the
	 * page: what the page says of their numbers is all the address book says.
	 */
	Set<Long> completelyDescribed(AddressBook book, long staffId, List<LinkWrite> page, Map<Long, List<Link>> before) {
		Map<Long, Set<String>> inPage = new HashMap<>();
		page.forEach((w) -> inPage.computeIfAbsent(w.contactId(), (id) -> new HashSet<>()).add(w.entry().externalId()));
		Set<Long> complete = new HashSet<>();
		inPage.forEach((person, ids) -> {
			boolean all = before.getOrDefault(person, List.of())
				.stream()
				.filter((l) -> l.staffId() == staffId)
				.allMatch((l) -> ids.contains(l.externalId()));
			if (all && before.containsKey(person)) {
				complete.add(person);
			}
		});
		return complete;
	}

	/**
	 * An entry of an address book feeding a person.
	 *
	 * @param contactId the person
	 * @param staffId whose address book
	 * @param externalId the entry's id there
	 * @param folderId its folder, or {@code null}
	 * @param lastSeenRunId the run that last saw it
	 */
	record Link(long contactId, long staffId, String externalId, String folderId, Long lastSeenRunId) {
	}

	/** A link this page writes: the person and the entry feeding it. */
	record LinkWrite(long contactId, Entry entry) {
	}

}
