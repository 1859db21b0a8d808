package com.whiskeysocket.crm.contacts;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.whiskeysocket.crm.contacts.MergeRules.Existing;
import com.whiskeysocket.crm.contacts.PageWrites.Link;

import static com.whiskeysocket.crm.contacts.SqlArguments.args;
import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What an address book no longer has: an entry it deleted loses its link (the person
 * stays, marked when only that address book had it), and a number it no longer lists for
 * a person is detached from that address book only; the number goes when nothing else
 * knows it, unless it is the person's last one.
 */
@Component
class AddressBookUnlink {

	private final JdbcTemplate jdbc;

	private final PersonRows rows;

	private final ContactChanges changes;

	AddressBookUnlink(JdbcTemplate jdbc, PersonRows rows, ContactChanges changes) {
		this.jdbc = jdbc;
		this.rows = rows;
		this.changes = changes;
	}

	/**
	 * Unlinks the entries an address book reports deleted. A removal replayed, or for an
	 * entry that has since moved to another folder, changes nothing.
	 * @return how many links went
	 */
	int unlinkRemoved(AddressBook book, long staffId, List<String> removedIds, String folderId, LocalDateTime now,
			Set<Long> changed) {
		if (removedIds.isEmpty()) {
			return 0;
		}
		List<Link> removed = linksByExternalId(book, staffId, removedIds).stream()
			.filter((link) -> folderId == null || link.folderId() == null || folderId.equals(link.folderId()))
			.toList();
		changed.addAll(unlink(book, removed, now));
		return removed.size();
	}

	/**
	 * Links read unchanged by a run, without a merge: seen by it (see
	 * {@link ImportPage#seenIds()}).
	 */
	void markSeen(AddressBook book, long staffId, long runId, List<String> externalIds, LocalDateTime now) {
		for (int from = 0; from < externalIds.size(); from += PersonRows.CHUNK) {
			List<String> chunk = externalIds.subList(from, Math.min(from + PersonRows.CHUNK, externalIds.size()));
			List<Object> args = new ArrayList<>(List.of(now, runId, staffId, book.provider().code()));
			args.addAll(chunk);
			jdbc.update(
					"UPDATE contact_links SET last_seen_at = ?, last_seen_run_id = ? WHERE staff_user_id = ? "
							+ "AND provider = ? AND external_id IN (" + placeholders(chunk.size()) + ")",
					args.toArray());
		}
	}

	/**
	 * After a complete read, the staff member's links that the run did not see (and links
	 * into folders that no longer exist) are entries deleted in the address book: they
	 * are unlinked, in chunks, each in its own transaction.
	 * @param readFolderIds folders read completely, or {@code null} for all of them
	 * @return how many links went
	 */
	int unlinkUnseen(TransactionTemplate transactions, AddressBook book, long staffId, long runId,
			Collection<String> readFolderIds, Collection<String> vanishedFolderIds) {
		List<Link> unseen = new ArrayList<>();
		jdbc.query("SELECT contact_id, staff_user_id, external_id, folder_id, last_seen_run_id FROM contact_links "
				+ "WHERE staff_user_id = ? AND provider = ? ORDER BY contact_id", (rs) -> {
					String folder = rs.getString("folder_id");
					long seenIn = rs.getLong("last_seen_run_id");
					boolean vanishedFolder = folder != null && vanishedFolderIds.contains(folder);
					boolean notSeen = (folder == null || readFolderIds == null || readFolderIds.contains(folder))
							&& seenIn != runId;
					if (vanishedFolder || notSeen) {
						unseen.add(new Link(rs.getLong("contact_id"), rs.getLong("staff_user_id"),
								rs.getString("external_id"), folder, seenIn));
					}
				}, staffId, book.provider().code());
		for (int from = 0; from < unseen.size(); from += PersonRows.CHUNK) {
			List<Link> chunk = unseen.subList(from, Math.min(from + PersonRows.CHUNK, unseen.size()));
			transactions.executeWithoutResult((status) -> changes.synced(book.provider(), staffId,
					unlink(book, chunk, LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC)), List.of()));
		}
		return unseen.size();
	}

	/**
	 * Removes links. A person whose id in that address book was one of them takes another
	 * staff member's link if there is one; else it loses that id and its source falls
	 * back to what still knows it (see {@link AddressBook#sourceWithout}); a person only
	 * that address book had is kept, marked as no longer there. A staff member left with
	 * no entry for a person no longer knows its numbers and emails.
	 * @return the people who lost a link
	 */
	List<Long> unlink(AddressBook book, List<Link> links, LocalDateTime now) {
		if (links.isEmpty()) {
			return List.of();
		}
		List<Long> contactIds = links.stream().map(Link::contactId).distinct().sorted().toList();
		Map<Long, Existing> contacts = new HashMap<>();
		jdbc.query("SELECT " + ExistingContacts.COLUMNS + " FROM contacts WHERE id IN ("
				+ placeholders(contactIds.size()) + ") ORDER BY id FOR UPDATE", (rs) -> {
					contacts.put(rs.getLong("id"), ExistingContacts.existing(rs));
				}, contactIds.toArray());
		jdbc.batchUpdate("DELETE FROM contact_links WHERE staff_user_id = ? AND provider = ? AND external_id = ?",
				links.stream()
					.map((l) -> new Object[] { l.staffId(), book.provider().code(), l.externalId() })
					.toList());
		Map<Long, String> remaining = new HashMap<>();
		Set<List<Long>> stillKnown = new HashSet<>();
		jdbc.query(
				"SELECT contact_id, staff_user_id, external_id FROM contact_links WHERE provider = ? "
						+ "AND contact_id IN (" + placeholders(contactIds.size()) + ") ORDER BY staff_user_id DESC",
				(rs) -> {
					remaining.put(rs.getLong("contact_id"), rs.getString("external_id"));
					stillKnown.add(List.of(rs.getLong("contact_id"), rs.getLong("staff_user_id")));
				}, args(book.provider().code(), contactIds));
		Map<Long, Set<Long>> forgotten = new TreeMap<>();
		for (Link link : links) {
			if (!stillKnown.contains(List.of(link.contactId(), link.staffId()))) {
				forgotten.computeIfAbsent(link.staffId(), (id) -> new TreeSet<>()).add(link.contactId());
			}
		}
		forgotten.forEach((staff, ids) -> rows.forgetSources(ids, book.knownBy(staff)));
		if (book.idColumn() == null) {
			return contactIds;
		}
		List<Object[]> updates = new ArrayList<>();
		for (Link link : links) {
			Existing contact = contacts.get(link.contactId());
			if (contact == null || !link.externalId().equals(contact.externalId(book.provider()))) {
				continue;
			}
			String other = remaining.get(contact.id());
			Source source = (other == null) ? book.sourceWithout(contact) : contact.source();
			LocalDateTime removedAt = (other == null && contact.source() == book.source() && source == book.source())
					? now : null;
			updates.add(new Object[] { other, source.code(), removedAt, now, contact.id() });
			contacts.put(contact.id(), contact.withExternalId(book.provider(), other).withSource(source));
		}
		jdbc.batchUpdate("UPDATE contacts SET " + book.idColumn() + " = ?, source = ?, " + book.removedAtColumn()
				+ " = ?, updated_at = ?, version = version + 1 WHERE id = ?", updates);
		return contactIds;
	}

	/**
	 * Detaches from this staff member's address book the numbers it no longer lists for
	 * people it described completely in a page; a number nothing else knows then goes,
	 * unless it is the person's only one (a primary that goes hands over to another).
	 * @param people the people completely described
	 * @param listed the numbers the page gave each person
	 * @return the people who lost a number or a number's source
	 */
	Set<Long> detachNumbers(AddressBook book, long staffId, Set<Long> people, Map<Long, Set<String>> listed,
			LocalDateTime now) {
		if (people.isEmpty()) {
			return Set.of();
		}
		List<Long> ids = people.stream().sorted().toList();
		List<Object[]> detached = new ArrayList<>();
		Set<Long> touched = new HashSet<>();
		jdbc.query(
				"SELECT p.phone, p.contact_id FROM contact_phone_sources s JOIN contact_phones p ON p.phone = s.phone "
						+ "WHERE s.source = ? AND s.staff_user_id = ? AND p.contact_id IN (" + placeholders(ids.size())
						+ ") ORDER BY p.phone",
				(rs) -> {
					if (!listed.getOrDefault(rs.getLong("contact_id"), Set.of()).contains(rs.getString("phone"))) {
						touched.add(rs.getLong("contact_id"));
						detached.add(
								new Object[] { rs.getString("phone"), book.knownBy(staffId).origin().code(), staffId });
					}
				}, args(book.knownBy(staffId).origin().code(), staffId, ids));
		if (detached.isEmpty()) {
			return touched;
		}
		jdbc.batchUpdate("DELETE FROM contact_phone_sources WHERE phone = ? AND source = ? AND staff_user_id = ?",
				detached);
		List<String> phones = detached.stream().map((d) -> (String) d[0]).toList();
		Map<Long, List<String>> orphans = new TreeMap<>();
		Map<String, Boolean> primary = new HashMap<>();
		jdbc.query("SELECT phone, contact_id, is_primary FROM contact_phones p WHERE phone IN ("
				+ placeholders(phones.size()) + ") AND NOT EXISTS (SELECT 1 FROM contact_phone_sources s "
				+ "WHERE s.phone = p.phone)", (rs) -> {
					orphans.computeIfAbsent(rs.getLong("contact_id"), (id) -> new ArrayList<>())
						.add(rs.getString("phone"));
					primary.put(rs.getString("phone"), rs.getBoolean("is_primary"));
				}, phones.toArray());
		orphans.forEach((person, numbers) -> {
			List<String> others = jdbc.queryForList("SELECT phone FROM contact_phones WHERE contact_id = ? "
					+ "ORDER BY is_primary DESC, created_at DESC, phone", String.class, person);
			others.removeAll(numbers);
			String heir = others.isEmpty() ? null : others.get(0);
			for (String number : numbers) {
				if (!primary.get(number)) {
					jdbc.update("DELETE FROM contact_phones WHERE phone = ?", number);
				}
				else if (heir != null) {
					jdbc.update("DELETE FROM contact_phones WHERE phone = ?", number);
					jdbc.update("UPDATE contact_phones SET is_primary = TRUE WHERE phone = ?", heir);
					jdbc.update("UPDATE contacts SET phone = ?, updated_at = ?, version = version + 1 WHERE id = ?",
							heir, now, person);
				}
			}
		});
		return touched;
	}

	private List<Link> linksByExternalId(AddressBook book, long staffId, Collection<String> externalIds) {
		List<Link> links = new ArrayList<>();
		List<String> ids = new ArrayList<>(externalIds);
		for (int from = 0; from < ids.size(); from += PersonRows.CHUNK) {
			List<String> chunk = ids.subList(from, Math.min(from + PersonRows.CHUNK, ids.size()));
			jdbc.query("SELECT contact_id, staff_user_id, external_id, folder_id, last_seen_run_id FROM contact_links "
					+ "WHERE staff_user_id = ? AND provider = ? AND external_id IN (" + placeholders(chunk.size())
					+ ")", (rs) -> {
						long seenIn = rs.getLong("last_seen_run_id");
						links.add(new Link(rs.getLong("contact_id"), rs.getLong("staff_user_id"),
								rs.getString("external_id"), rs.getString("folder_id"), rs.wasNull() ? null : seenIn));
					}, args(staffId, book.provider().code(), chunk));
		}
		return links;
	}

}
