package com.whiskeysocket.crm.contacts;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import com.whiskeysocket.crm.contacts.MergeRules.Decision;
import com.whiskeysocket.crm.contacts.MergeRules.Existing;
import com.whiskeysocket.crm.contacts.MergeRules.Outcome;

import static com.whiskeysocket.crm.contacts.SqlArguments.args;
import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Merges one page of incoming address-book contacts into the contact list: phones
 * normalized, one locking read for the page's numbers, inserts and updates as JDBC
 * batches in one short transaction, and provenance links written with them. The unique
 * phone index decides between syncs racing for the same number: a lost insert race
 * becomes an update, never a duplicate row or a constraint error. Rows are touched in
 * phone, then id, order and a page that loses a deadlock is retried. Every
 * {@code UPDATE contacts} here raises {@code version}, so an edit form loaded before a
 * sync changed the contact is answered with a conflict, not saved over it; a contact the
 * sync leaves unchanged keeps its version.
 */
@Component
public class ContactImport {

	private static final int MAX_ATTEMPTS = 5;

	/** Rows per IN list and per unlink transaction. */
	private static final int CHUNK = 1000;

	private static final String CONTACT_COLUMNS = "id, phone, name, email, company, source, outlook_contact_id, "
			+ "google_contact_id, name_edited";

	private static final String UPSERT_LINK = "INSERT INTO contact_links (contact_id, staff_user_id, provider, "
			+ "external_id, change_key, folder_id, first_seen_at, last_seen_at, last_seen_run_id) "
			+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE external_id = VALUES(external_id), "
			+ "change_key = VALUES(change_key), folder_id = VALUES(folder_id), "
			+ "last_seen_at = VALUES(last_seen_at), last_seen_run_id = VALUES(last_seen_run_id)";

	/** A contact an imported file brings; an existing number is left to the merge. */
	private static final String INSERT_FILE_CONTACT = "INSERT INTO contacts (name, phone, email, company, source, "
			+ "lead_status, notes, name_edited, owner_id, created_at, updated_at) "
			+ "VALUES (?, ?, ?, ?, 'manual', ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE id = id";

	private final JdbcTemplate jdbc;

	private final PhoneNumbers phoneNumbers;

	private final TransactionTemplate transactions;

	ContactImport(JdbcTemplate jdbc, PhoneNumbers phoneNumbers, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.phoneNumbers = phoneNumbers;
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
	}

	/**
	 * Whether a staff member's address book has been imported before: if not, no contact
	 * of it can have moved to another number, and pages skip that check.
	 */
	public boolean hasLinks(Provider provider, long staffId) {
		return !jdbc
			.queryForList("SELECT 1 FROM contact_links WHERE staff_user_id = ? AND provider = ? LIMIT 1", Integer.class,
					staffId, provider.code())
			.isEmpty();
	}

	/**
	 * Merges one page of a staff member's address book and unlinks what it reports
	 * removed, in one transaction together with {@link ImportPage#alsoInTransaction()}.
	 * @param provider where the contacts come from
	 * @param staffId whose address book it is
	 * @param runId the sync run, or {@code 0} for changes pushed outside a run
	 * (WhatsApp's live batches)
	 * @param page the changes
	 * @return the page's counts
	 */
	public ImportCounts importPage(Provider provider, long staffId, long runId, ImportPage page) {
		return importPage(provider, staffId, runId, prepare(page));
	}

	/**
	 * The CPU-bound half of a page's import (phone normalization, names, duplicates
	 * within the page), so a sync can do it on the thread that fetches while another one
	 * writes.
	 * @param page the changes
	 * @return the page, ready for {@link #importPage(Provider, long, long, PreparedPage)}
	 */
	public PreparedPage prepare(ImportPage page) {
		return new PreparedPage(page, prepare(page.contacts()));
	}

	/**
	 * Merges a prepared page: the SQL half of
	 * {@link #importPage(Provider, long, long, ImportPage)}.
	 * @param provider where the contacts come from
	 * @param staffId whose address book it is
	 * @param runId the sync run
	 * @param prepared the prepared page
	 * @return the page's counts
	 */
	public ImportCounts importPage(Provider provider, long staffId, long runId, PreparedPage prepared) {
		AddressBook book = AddressBook.of(provider);
		ImportPage page = prepared.page();
		Prepared candidates = prepared.candidates();
		if (candidates.candidates.isEmpty() && page.removedIds().isEmpty() && page.alsoInTransaction() == null) {
			return candidates.counts.build();
		}
		for (int attempt = 1;; attempt++) {
			try {
				Counter counts = candidates.counts.copy();
				transactions.executeWithoutResult((status) -> {
					// to the microsecond, as DATETIME(6) stores it: rows created now are
					// recognized by it
					LocalDateTime now = LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC)
						.truncatedTo(ChronoUnit.MICROS);
					counts.removed += unlinkRemoved(book, staffId, page.removedIds(), page.folderId(), now);
					if (!candidates.candidates.isEmpty()) {
						merge(book, staffId, runId, candidates.candidates, counts, now, page.firstImport());
					}
					if (page.alsoInTransaction() != null) {
						page.alsoInTransaction().run();
					}
				});
				return counts.build();
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt == MAX_ATTEMPTS) {
					throw ex;
				}
				pause(attempt);
			}
		}
	}

	/**
	 * What merging rows of an imported file would do, without writing anything: the
	 * existing contact of each number and whether the row would change it (by
	 * {@link MergeRules#imported}).
	 * @param rows rows by their normalized number
	 * @return the existing contacts by number; numbers no contact has are absent
	 */
	public Map<String, FileMatch> matchFile(Map<String, FileContact> rows) {
		Map<String, FileMatch> matches = new HashMap<>();
		List<String> phones = new ArrayList<>(rows.keySet());
		for (int from = 0; from < phones.size(); from += CHUNK) {
			List<String> chunk = phones.subList(from, Math.min(from + CHUNK, phones.size()));
			jdbc.query(
					"SELECT " + CONTACT_COLUMNS + " FROM contacts WHERE phone IN (" + placeholders(chunk.size()) + ")",
					(rs) -> {
						Existing existing = existing(rs);
						String phone = rs.getString("phone");
						Decision decision = MergeRules.imported(existing, fileIncoming(rows.get(phone)));
						matches.put(phone,
								new FileMatch(existing.id(), existing.name(), decision.outcome() == Outcome.MERGED));
					}, chunk.toArray());
		}
		return matches;
	}

	/**
	 * Merges rows of a file a staff member imports, in one short transaction: new numbers
	 * become {@code manual} contacts owned by that staff member, existing contacts are
	 * changed only as {@link MergeRules#imported} says. Rows without a valid number are
	 * counted and skipped; a number twice in the rows counts as a duplicate.
	 * @param staffId who imports
	 * @param rows up to a page of rows
	 * @return their counts
	 */
	public ImportCounts importFile(long staffId, List<FileContact> rows) {
		Counter counts = new Counter();
		counts.total = rows.size();
		// phone order: rows are locked in the same order as every sync locks them
		Map<String, FileContact> byPhone = new TreeMap<>();
		for (FileContact row : rows) {
			PhoneNumbers.Result phone = phoneNumbers.firstUsable(row.rawPhones());
			if (!phone.isValid()) {
				if (phone.rejection() == PhoneNumbers.Rejection.MISSING) {
					counts.skippedNoPhone++;
				}
				else {
					counts.skippedInvalidPhone++;
				}
			}
			else if (byPhone.putIfAbsent(phone.digits(), row) != null) {
				counts.duplicates++;
			}
		}
		if (byPhone.isEmpty()) {
			return counts.build();
		}
		for (int attempt = 1;; attempt++) {
			try {
				Counter attemptCounts = counts.copy();
				transactions.executeWithoutResult((status) -> mergeFile(staffId, byPhone, attemptCounts,
						LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS)));
				return attemptCounts.build();
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt == MAX_ATTEMPTS) {
					throw ex;
				}
				pause(attempt);
			}
		}
	}

	private void mergeFile(long staffId, Map<String, FileContact> byPhone, Counter counts, LocalDateTime now) {
		List<Map.Entry<String, FileContact>> rows = new ArrayList<>(byPhone.entrySet());
		jdbc.batchUpdate(INSERT_FILE_CONTACT, rows, rows.size(), (ps, entry) -> {
			FileContact row = entry.getValue();
			IncomingContact incoming = row.incoming();
			ps.setString(1, incoming.name(() -> phoneNumbers.display(entry.getKey())));
			ps.setString(2, entry.getKey());
			ps.setString(3, incoming.normalizedEmail());
			ps.setString(4, incoming.normalizedCompany());
			ps.setString(5, (row.status() != null) ? row.status().code() : LeadStatus.NEW.code());
			ps.setString(6, row.normalizedNotes());
			// a name from the file is kept by later syncs, as a typed one is
			ps.setBoolean(7, row.normalizedName() != null);
			ps.setLong(8, staffId);
			ps.setObject(9, now);
			ps.setObject(10, now);
		});
		Set<String> createdNow = new HashSet<>();
		Map<String, Existing> existing = readLockedByPhone(new ArrayList<>(byPhone.keySet()), now, createdNow);
		List<Existing> updates = new ArrayList<>();
		for (Map.Entry<String, FileContact> row : rows) {
			Existing contact = existing.get(row.getKey());
			if (createdNow.contains(row.getKey()) && contact.source() == Source.MANUAL) {
				counts.added++;
				continue;
			}
			Decision decision = MergeRules.imported(contact, fileIncoming(row.getValue()));
			counts.count(decision.outcome());
			if (decision.writes(contact)) {
				updates.add(decision.result());
			}
		}
		updates.sort(Comparator.comparingLong(Existing::id));
		jdbc.batchUpdate(
				"UPDATE contacts SET name = ?, email = ?, company = ?, name_edited = ?, updated_at = ?, version = version + 1 WHERE id = ?",
				updates, updates.size(), (ps, e) -> {
					ps.setString(1, e.name());
					ps.setString(2, e.email());
					ps.setString(3, e.company());
					ps.setBoolean(4, e.nameEdited());
					ps.setObject(5, now);
					ps.setLong(6, e.id());
				});
	}

	private static MergeRules.Incoming fileIncoming(FileContact row) {
		IncomingContact incoming = row.incoming();
		return new MergeRules.Incoming(incoming.externalId(), row.normalizedName(), incoming.normalizedEmail(),
				incoming.normalizedCompany());
	}

	/** Picks each contact's phone and name; in-page duplicates keep the smallest id. */
	private Prepared prepare(List<IncomingContact> page) {
		Counter counts = new Counter();
		counts.total = page.size();
		Map<String, Candidate> byPhone = new TreeMap<>();
		for (IncomingContact contact : page) {
			PhoneNumbers.Result phone = usablePhone(contact.phones());
			if (!phone.isValid()) {
				if (phone.rejection() == PhoneNumbers.Rejection.MISSING) {
					counts.skippedNoPhone++;
				}
				else {
					counts.skippedInvalidPhone++;
				}
				continue;
			}
			Candidate candidate = new Candidate(phone.digits(),
					new MergeRules.Incoming(contact.externalId(),
							contact.name(() -> phoneNumbers.display(phone.digits())), contact.normalizedEmail(),
							contact.normalizedCompany()),
					contact.changeKey(), contact.folderId());
			Candidate other = byPhone.get(phone.digits());
			if (other != null) {
				counts.duplicates++;
				if (other.externalId().compareTo(candidate.externalId()) <= 0) {
					continue;
				}
			}
			byPhone.put(phone.digits(), candidate);
		}
		return new Prepared(new ArrayList<>(byPhone.values()), counts);
	}

	/** The first number that is a valid phone; otherwise why none is. */
	private PhoneNumbers.Result usablePhone(List<String> phones) {
		return phoneNumbers.firstUsable(phones);
	}

	private void merge(AddressBook book, long staffId, long runId, List<Candidate> candidates, Counter counts,
			LocalDateTime now, boolean firstImport) {
		// every number of the page is upserted (an existing row is left as it is), so the
		// unique phone index decides races and the rows are locked in phone order; then
		// one
		// read
		jdbc.batchUpdate(book.insertContact(), candidates, candidates.size(), (ps, c) -> {
			int i = 0;
			ps.setString(++i, c.incoming().name());
			ps.setString(++i, c.phone());
			ps.setString(++i, c.incoming().email());
			ps.setString(++i, c.incoming().company());
			if (book.idColumn() != null) {
				ps.setString(++i, c.externalId());
			}
			ps.setLong(++i, staffId);
			ps.setObject(++i, now);
			ps.setObject(++i, now);
		});
		Set<String> createdNow = new HashSet<>();
		Map<String, Existing> rows = readLockedByPhone(candidates.stream().map(Candidate::phone).toList(), now,
				createdNow);
		Set<String> added = new HashSet<>();
		for (Candidate c : candidates) {
			Existing row = rows.get(c.phone());
			// created by this very statement: this page's timestamp and our id
			if (createdNow.contains(c.phone()) && row.source() == book.source()
					&& (book.idColumn() == null || c.externalId().equals(row.externalId(book.provider())))) {
				added.add(c.phone());
			}
		}
		// contacts this page just created have no links yet
		Map<Long, List<Link>> links = linksOf(book,
				rows.entrySet()
					.stream()
					.filter((entry) -> !added.contains(entry.getKey()))
					.map(Map.Entry::getValue)
					.toList());
		List<Existing> updates = new ArrayList<>();
		List<LinkWrite> linkWrites = new ArrayList<>();
		for (Candidate c : candidates) {
			Existing row = rows.get(c.phone());
			if (added.contains(c.phone())) {
				counts.added++;
				linkWrites.add(new LinkWrite(row.id(), c));
				continue;
			}
			List<Link> contactLinks = links.getOrDefault(row.id(), List.of());
			Link mine = contactLinks.stream().filter((l) -> l.staffId() == staffId).findFirst().orElse(null);
			boolean silently = false;
			if (mine != null && !mine.externalId().equals(c.externalId())) {
				// two contacts of this address book share the number: the smallest id
				// wins, every run
				boolean smaller = c.externalId().compareTo(mine.externalId()) < 0;
				if (Objects.equals(mine.lastSeenRunId(), runId)) {
					counts.duplicates++;
					if (!smaller) {
						continue;
					}
					silently = true;
				}
				else if (!smaller) {
					counts.duplicates++;
					continue;
				}
			}
			String rowId = row.externalId(book.provider());
			boolean ownedByAnotherAddressBook = rowId != null && !rowId.equals(c.externalId())
					&& (mine == null || !rowId.equals(mine.externalId()))
					&& contactLinks.stream().anyMatch((l) -> l.staffId() != staffId && l.externalId().equals(rowId));
			Decision decision = MergeRules.of(book.provider(), row, c.incoming(), ownedByAnotherAddressBook,
					!contactLinks.isEmpty());
			if (!silently) {
				counts.count(decision.outcome());
			}
			if (decision.writes(row)) {
				updates.add(decision.result());
			}
			linkWrites.add(new LinkWrite(row.id(), c));
		}
		updates.sort(Comparator.comparingLong(Existing::id));
		jdbc.batchUpdate(book.updateContact(), updates, updates.size(), (ps, e) -> {
			int i = 0;
			ps.setString(++i, e.name());
			ps.setString(++i, e.email());
			ps.setString(++i, e.company());
			ps.setString(++i, e.source().code());
			if (book.idColumn() != null) {
				ps.setString(++i, e.externalId(book.provider()));
			}
			ps.setObject(++i, now);
			ps.setLong(++i, e.id());
		});
		linkWrites.sort(Comparator.comparingLong(LinkWrite::contactId));
		// a WhatsApp id is the number itself: it cannot move to another contact
		if (!firstImport && book.idColumn() != null) {
			unlinkMoved(book, staffId, linkWrites, now);
		}
		jdbc.batchUpdate(UPSERT_LINK, linkWrites, linkWrites.size(), (ps, w) -> {
			ps.setLong(1, w.contactId());
			ps.setLong(2, staffId);
			ps.setString(3, book.provider().code());
			ps.setString(4, w.candidate().externalId());
			ps.setString(5, w.candidate().changeKey());
			ps.setString(6, w.candidate().folderId());
			ps.setObject(7, now);
			ps.setObject(8, now);
			if (runId > 0) {
				ps.setLong(9, runId);
			}
			else {
				ps.setNull(9, java.sql.Types.BIGINT);
			}
		});
	}

	/**
	 * An address-book contact whose number changed now feeds another CRM contact: its
	 * link to the contact it left goes, as if it had been removed there.
	 */
	private void unlinkMoved(AddressBook book, long staffId, List<LinkWrite> linkWrites, LocalDateTime now) {
		if (linkWrites.isEmpty()) {
			return;
		}
		Map<String, Long> target = new HashMap<>();
		linkWrites.forEach((write) -> target.put(write.candidate().externalId(), write.contactId()));
		List<Link> moved = new ArrayList<>();
		for (Link link : linksByExternalId(book, staffId, target.keySet())) {
			if (link.contactId() != target.get(link.externalId())) {
				moved.add(link);
			}
		}
		unlink(book, moved, now);
	}

	/**
	 * Unlinks the contacts an address book reports deleted. A removal replayed, or for a
	 * contact that has since moved to another folder, changes nothing.
	 * @return how many links went
	 */
	private int unlinkRemoved(AddressBook book, long staffId, List<String> removedIds, String folderId,
			LocalDateTime now) {
		if (removedIds.isEmpty()) {
			return 0;
		}
		List<Link> removed = linksByExternalId(book, staffId, removedIds).stream()
			.filter((link) -> folderId == null || link.folderId() == null || folderId.equals(link.folderId()))
			.toList();
		unlink(book, removed, now);
		return removed.size();
	}

	/**
	 * After a complete read of the given folders, the staff member's links there that
	 * this run did not see (and links into folders that no longer exist) are contacts
	 * deleted in the address book: they are unlinked, in chunks, each in its own
	 * transaction.
	 * @param staffId whose address book
	 * @param runId the run that read the folders
	 * @param readFolderIds folders read completely in this run
	 * @param vanishedFolderIds folders read in earlier runs that the address book no
	 * longer has
	 * @return how many links went
	 */
	public int unlinkUnseen(long staffId, long runId, Collection<String> readFolderIds,
			Collection<String> vanishedFolderIds) {
		if (readFolderIds.isEmpty() && vanishedFolderIds.isEmpty()) {
			return 0;
		}
		return unlinkUnseen(AddressBook.of(Provider.OUTLOOK), staffId, runId, readFolderIds, vanishedFolderIds);
	}

	/**
	 * After a complete read of an address book without folders (Google), the staff
	 * member's links to it that this run did not see are contacts deleted there: they are
	 * unlinked, in chunks, each in its own transaction.
	 * @param provider the address book
	 * @param staffId whose address book
	 * @param runId the run that read it
	 * @return how many links went
	 */
	public int unlinkUnseen(Provider provider, long staffId, long runId) {
		return unlinkUnseen(AddressBook.of(provider), staffId, runId, null, Set.of());
	}

	/** With {@code readFolderIds} {@code null}, every folder counts as read. */
	private int unlinkUnseen(AddressBook book, long staffId, long runId, Collection<String> readFolderIds,
			Collection<String> vanishedFolderIds) {
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
		for (int from = 0; from < unseen.size(); from += CHUNK) {
			List<Link> chunk = unseen.subList(from, Math.min(from + CHUNK, unseen.size()));
			transactions.executeWithoutResult(
					(status) -> unlink(book, chunk, LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC)));
		}
		return unseen.size();
	}

	/**
	 * Removes links. A contact whose id in that address book was one of them takes
	 * another staff member's link if there is one; else it loses that id and its source
	 * falls back to what still knows it (see {@link AddressBook#sourceWithout}); a
	 * contact only that address book had is kept, marked as no longer there.
	 */
	private void unlink(AddressBook book, List<Link> links, LocalDateTime now) {
		if (links.isEmpty()) {
			return;
		}
		List<Long> contactIds = links.stream().map(Link::contactId).distinct().sorted().toList();
		Map<Long, Existing> contacts = new HashMap<>();
		jdbc.query("SELECT " + CONTACT_COLUMNS + " FROM contacts WHERE id IN (" + placeholders(contactIds.size())
				+ ") ORDER BY id FOR UPDATE", (rs) -> {
					contacts.put(rs.getLong("id"), existing(rs));
				}, contactIds.toArray());
		jdbc.batchUpdate(
				"DELETE FROM contact_links WHERE contact_id = ? AND staff_user_id = ? AND provider = ? "
						+ "AND external_id = ?",
				links.stream()
					.map((l) -> new Object[] { l.contactId(), l.staffId(), book.provider().code(), l.externalId() })
					.toList());
		Map<Long, String> remaining = new HashMap<>();
		jdbc.query("SELECT contact_id, external_id FROM contact_links WHERE provider = ? AND contact_id IN ("
				+ placeholders(contactIds.size()) + ") ORDER BY staff_user_id DESC", (rs) -> {
					remaining.put(rs.getLong("contact_id"), rs.getString("external_id"));
				}, args(book.provider().code(), contactIds));
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
	}

	private List<Link> linksByExternalId(AddressBook book, long staffId, Collection<String> externalIds) {
		List<Link> links = new ArrayList<>();
		List<String> ids = new ArrayList<>(externalIds);
		for (int from = 0; from < ids.size(); from += CHUNK) {
			List<String> chunk = ids.subList(from, Math.min(from + CHUNK, ids.size()));
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

	/**
	 * Reads the page's rows. The upsert before it holds an exclusive lock on each of them
	 * until the transaction ends, so a plain read sees their current state.
	 */
	private Map<String, Existing> readLockedByPhone(List<String> phones, LocalDateTime now, Set<String> createdNow) {
		Map<String, Existing> rows = new HashMap<>();
		jdbc.query("SELECT " + CONTACT_COLUMNS + ", created_at FROM contacts WHERE phone IN ("
				+ placeholders(phones.size()) + ")", (rs) -> {
					String phone = rs.getString("phone");
					rows.put(phone, existing(rs));
					if (now.equals(rs.getObject("created_at", LocalDateTime.class))) {
						createdNow.add(phone);
					}
				}, phones.toArray());
		return rows;
	}

	private static Existing existing(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Existing(rs.getLong("id"), Source.fromCode(rs.getString("source")), rs.getString("name"),
				rs.getString("email"), rs.getString("company"), rs.getString("outlook_contact_id"),
				rs.getString("google_contact_id"), rs.getBoolean("name_edited"));
	}

	private Map<Long, List<Link>> linksOf(AddressBook book, Collection<Existing> rows) {
		Map<Long, List<Link>> links = new HashMap<>();
		if (rows.isEmpty()) {
			return links;
		}
		jdbc.query("SELECT contact_id, staff_user_id, external_id, last_seen_run_id FROM contact_links "
				+ "WHERE provider = ? AND contact_id IN (" + placeholders(rows.size()) + ")", (rs) -> {
					long runId = rs.getLong("last_seen_run_id");
					links.computeIfAbsent(rs.getLong("contact_id"), (id) -> new ArrayList<>())
						.add(new Link(rs.getLong("contact_id"), rs.getLong("staff_user_id"),
								rs.getString("external_id"), null, rs.wasNull() ? null : runId));
				}, args(book.provider().code(), rows.stream().map(Existing::id).toList()));
		return links;
	}

	private static void pause(int attempt) {
		try {
			Thread.sleep(20L * attempt * attempt);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while retrying a deadlocked page", ex);
		}
	}

	/**
	 * Where an address book's contacts live in the {@code contacts} table: the source a
	 * new contact gets, its id column and its "no longer there" column (neither for
	 * WhatsApp, whose id is the number and which never reports a removal).
	 */
	private record AddressBook(Provider provider, Source source, String idColumn, String removedAtColumn) {

		static AddressBook of(Provider provider) {
			return switch (provider) {
				case OUTLOOK -> new AddressBook(provider, Source.OUTLOOK, "outlook_contact_id", "outlook_removed_at");
				case GOOGLE -> new AddressBook(provider, Source.GOOGLE, "google_contact_id", "google_removed_at");
				case WHATSAPP -> new AddressBook(provider, Source.WHATSAPP, null, null);
			};
		}

		/**
		 * A contact this creates belongs to the staff member whose address book brought
		 * it.
		 */
		String insertContact() {
			String id = (idColumn != null) ? ", " + idColumn : "";
			String idValue = (idColumn != null) ? "?, " : "";
			return "INSERT INTO contacts (name, phone, email, company, source" + id
					+ ", lead_status, name_edited, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, '"
					+ source.code() + "', " + idValue + "'new', FALSE, ?, ?, ?) ON DUPLICATE KEY UPDATE id = id";
		}

		String updateContact() {
			String id = (idColumn != null) ? idColumn + " = ?, " + removedAtColumn + " = NULL, " : "";
			return "UPDATE contacts SET name = ?, email = ?, company = ?, source = ?, " + id
					+ "updated_at = ?, version = version + 1 WHERE id = ?";
		}

		/**
		 * The source of a contact this address book no longer knows: {@code both} falls
		 * back to WhatsApp unless the other address book still has it; a contact Google
		 * took over from Outlook goes back to Outlook; anything else keeps its source.
		 */
		Source sourceWithout(Existing contact) {
			String otherId = (provider == Provider.GOOGLE) ? contact.outlookContactId() : contact.googleContactId();
			if (contact.source() == Source.BOTH) {
				return (otherId != null) ? Source.BOTH : Source.WHATSAPP;
			}
			if (provider == Provider.GOOGLE && contact.source() == Source.GOOGLE && otherId != null) {
				return Source.OUTLOOK;
			}
			return contact.source();
		}

	}

	private record Candidate(String phone, MergeRules.Incoming incoming, String changeKey, String folderId) {

		String externalId() {
			return incoming.externalId();
		}

	}

	/**
	 * A provenance link this page writes: the contact and the address-book entry feeding
	 * it.
	 */
	private record LinkWrite(long contactId, Candidate candidate) {
	}

	private record Link(long contactId, long staffId, String externalId, String folderId, Long lastSeenRunId) {
	}

	private record Prepared(List<Candidate> candidates, Counter counts) {
	}

	/** A page whose phones and names are worked out, waiting for its transaction. */
	public static final class PreparedPage {

		private final ImportPage page;

		private final Prepared candidates;

		private PreparedPage(ImportPage page, Prepared candidates) {
			this.page = page;
			this.candidates = candidates;
		}

		ImportPage page() {
			return page;
		}

		Prepared candidates() {
			return candidates;
		}

	}

	/**
	 * Counts of one page while it is merged; a retried page starts again from the
	 * prepared ones.
	 */
	private static final class Counter {

		int added;

		int updated;

		int merged;

		int unchanged;

		int skippedNoPhone;

		int skippedInvalidPhone;

		int duplicates;

		int total;

		int removed;

		void count(Outcome outcome) {
			switch (outcome) {
				case ADDED -> added++;
				case MERGED -> merged++;
				case UPDATED -> updated++;
				case UNCHANGED -> unchanged++;
			}
		}

		Counter copy() {
			Counter copy = new Counter();
			copy.skippedNoPhone = skippedNoPhone;
			copy.skippedInvalidPhone = skippedInvalidPhone;
			copy.duplicates = duplicates;
			copy.total = total;
			return copy;
		}

		ImportCounts build() {
			return new ImportCounts(added, updated, merged, unchanged, skippedNoPhone, skippedInvalidPhone, duplicates,
					total, removed);
		}

	}

}
