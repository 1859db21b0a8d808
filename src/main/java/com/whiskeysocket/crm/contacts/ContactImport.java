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
import com.whiskeysocket.crm.contacts.PersonRows.EmailRow;
import com.whiskeysocket.crm.contacts.PersonRows.PhoneRow;

import static com.whiskeysocket.crm.contacts.SqlArguments.args;
import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.springframework.dao.DuplicateKeyException;
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
			+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE contact_id = VALUES(contact_id), "
			+ "change_key = VALUES(change_key), folder_id = VALUES(folder_id), "
			+ "last_seen_at = VALUES(last_seen_at), last_seen_run_id = VALUES(last_seen_run_id)";

	/** A contact an imported file brings. */
	private static final String INSERT_FILE_CONTACT = "INSERT INTO contacts (name, phone, email, company, source, "
			+ "lead_status, notes, name_edited, owner_id, created_at, updated_at, name_key) "
			+ "VALUES (?, ?, ?, ?, 'manual', ?, ?, ?, ?, ?, ?, ?)";

	private final JdbcTemplate jdbc;

	private final PhoneNumbers phoneNumbers;

	private final TransactionTemplate transactions;

	private final PersonRows people;

	ContactImport(JdbcTemplate jdbc, PhoneNumbers phoneNumbers, PlatformTransactionManager transactionManager,
			PersonRows people) {
		this.jdbc = jdbc;
		this.people = people;
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
			catch (PessimisticLockingFailureException | DuplicateKeyException ex) {
				// a deadlock, or another sync saved one of our new numbers first: again,
				// then the number is theirs and merges
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
			owners(chunk, false, new HashSet<>()).forEach((phone, existing) -> {
				Decision decision = MergeRules.imported(existing, fileIncoming(rows.get(phone)));
				matches.put(phone, new FileMatch(existing.id(), existing.name(), decision.outcome() == Outcome.MERGED));
			});
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
			catch (PessimisticLockingFailureException | DuplicateKeyException ex) {
				// a deadlock, or another sync saved one of our new numbers first: again,
				// then the number is theirs and merges
				if (attempt == MAX_ATTEMPTS) {
					throw ex;
				}
				pause(attempt);
			}
		}
	}

	private void mergeFile(long staffId, Map<String, FileContact> byPhone, Counter counts, LocalDateTime now) {
		Set<String> legacy = new HashSet<>();
		Map<String, Existing> existing = owners(new ArrayList<>(byPhone.keySet()), true, legacy);
		List<Map.Entry<String, FileContact>> fresh = byPhone.entrySet()
			.stream()
			.filter((entry) -> !existing.containsKey(entry.getKey()))
			.toList();
		jdbc.batchUpdate(INSERT_FILE_CONTACT, fresh, fresh.size(), (ps, entry) -> {
			FileContact row = entry.getValue();
			IncomingContact incoming = row.incoming();
			String name = incoming.name(() -> phoneNumbers.display(entry.getKey()));
			ps.setString(1, name);
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
			ps.setString(11, NameKey.of(name, incoming.normalizedCompany()));
		});
		Map<String, Long> created = attachNew(fresh.stream().map(Map.Entry::getKey).toList(), null, now);
		counts.added += created.size();
		List<Existing> updates = new ArrayList<>();
		List<EmailRow> emails = new ArrayList<>();
		for (Map.Entry<String, FileContact> row : byPhone.entrySet()) {
			Existing contact = existing.get(row.getKey());
			MergeRules.Incoming incoming = fileIncoming(row.getValue());
			if (contact == null) {
				emails.add(emailRow(created.get(row.getKey()), incoming.email(), incoming.email(), now));
				continue;
			}
			Decision decision = MergeRules.imported(contact, incoming);
			counts.count(decision.outcome());
			if (decision.writes(contact)) {
				updates.add(decision.result());
			}
			emails.add(emailRow(contact.id(), decision.result().email(), incoming.email(), now));
		}
		adoptLegacy(legacy, existing, now);
		people.addPhoneSources(byPhone.keySet(), new KnownBy(Origin.IMPORT, staffId), now);
		writeEmails(emails, new KnownBy(Origin.IMPORT, staffId), now);
		updates.sort(Comparator.comparingLong(Existing::id));
		jdbc.batchUpdate(
				"UPDATE contacts SET name = ?, email = ?, company = ?, name_edited = ?, name_key = ?, updated_at = ?, "
						+ "version = version + 1 WHERE id = ?",
				updates, updates.size(), (ps, e) -> {
					ps.setString(1, e.name());
					ps.setString(2, e.email());
					ps.setString(3, e.company());
					ps.setBoolean(4, e.nameEdited());
					ps.setString(5, NameKey.of(e.name(), e.company()));
					ps.setObject(6, now);
					ps.setLong(7, e.id());
				});
	}

	/**
	 * The contacts that have these numbers, by {@code contact_phones}, locked in id order
	 * if asked. A contact whose primary number was written without its row (by an older
	 * version, or a script) is found by {@code contacts.phone}; its number is put in
	 * {@code legacy} for {@link #adoptLegacy}.
	 */
	private Map<String, Existing> owners(List<String> phones, boolean lock, Set<String> legacy) {
		Map<String, Long> owners = people.ownersOf(phones, false);
		List<String> unknown = phones.stream().filter((phone) -> !owners.containsKey(phone)).toList();
		if (!unknown.isEmpty()) {
			jdbc.query("SELECT id, phone FROM contacts WHERE phone IN (" + placeholders(unknown.size())
					+ ") ORDER BY id DESC", (rs) -> {
						owners.put(rs.getString("phone"), rs.getLong("id"));
						legacy.add(rs.getString("phone"));
					}, unknown.toArray());
		}
		Map<String, Existing> result = new HashMap<>();
		if (owners.isEmpty()) {
			return result;
		}
		List<Long> ids = owners.values().stream().distinct().sorted().toList();
		Map<Long, Existing> byId = new HashMap<>();
		jdbc.query("SELECT " + CONTACT_COLUMNS + " FROM contacts WHERE id IN (" + placeholders(ids.size())
				+ ") ORDER BY id" + (lock ? " FOR UPDATE" : ""), (rs) -> {
					byId.put(rs.getLong("id"), existing(rs));
				}, ids.toArray());
		owners.forEach((phone, id) -> {
			if (byId.containsKey(id)) {
				result.put(phone, byId.get(id));
			}
		});
		legacy.retainAll(result.keySet());
		return result;
	}

	/**
	 * Gives contacts found by {@link #owners} through {@code contacts.phone} their row.
	 */
	private void adoptLegacy(Set<String> legacy, Map<String, Existing> owners, LocalDateTime now) {
		people.ensurePhones(legacy.stream()
			.sorted()
			.map((phone) -> new PhoneRow(phone, owners.get(phone).id(), null, true, now))
			.toList());
	}

	/**
	 * The number rows of contacts just inserted with these primary numbers (read back by
	 * number and this transaction's timestamp). A number another sync saved meanwhile
	 * fails with {@link DuplicateKeyException}, and the page is merged again.
	 * @return the new contacts' ids by number
	 */
	private Map<String, Long> attachNew(List<String> phones, String label, LocalDateTime now) {
		Map<String, Long> created = new HashMap<>();
		if (phones.isEmpty()) {
			return created;
		}
		for (int from = 0; from < phones.size(); from += CHUNK) {
			List<String> chunk = phones.subList(from, Math.min(from + CHUNK, phones.size()));
			jdbc.query("SELECT id, phone FROM contacts WHERE phone IN (" + placeholders(chunk.size())
					+ ") AND created_at = ? ORDER BY id", (rs) -> {
						created.put(rs.getString("phone"), rs.getLong("id"));
					}, args(chunk, now));
		}
		people.insertPhones(phones.stream()
			.sorted()
			.map((phone) -> new PhoneRow(phone, created.get(phone), label, true, now))
			.toList());
		return created;
	}

	/**
	 * The email row of an incoming address: primary when it is the contact's email now.
	 * @return the row, or {@code null} without an address
	 */
	private static EmailRow emailRow(Long contactId, String contactEmail, String incoming, LocalDateTime now) {
		if (contactId == null || incoming == null || !Emails.looksValid(incoming)) {
			return null;
		}
		boolean primary = contactEmail != null && Emails.key(contactEmail).equals(Emails.key(incoming));
		return new EmailRow(contactId, incoming, null, primary, now);
	}

	private void writeEmails(List<EmailRow> emails, KnownBy by, LocalDateTime now) {
		List<EmailRow> rows = emails.stream()
			.filter(Objects::nonNull)
			.sorted(Comparator.comparingLong(EmailRow::contactId))
			.toList();
		people.ensureEmails(rows);
		people.addEmailSources(rows, by, now);
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
		// the contacts that have the page's numbers, locked; the others are inserted, and
		// the unique number of contact_phones decides a race with another sync
		Set<String> legacy = new HashSet<>();
		Map<String, Existing> rows = owners(candidates.stream().map(Candidate::phone).toList(), true, legacy);
		List<Candidate> fresh = candidates.stream().filter((c) -> !rows.containsKey(c.phone())).toList();
		jdbc.batchUpdate(book.insertContact(), fresh, fresh.size(), (ps, c) -> {
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
			ps.setString(++i, NameKey.of(c.incoming().name(), c.incoming().company()));
		});
		Map<String, Long> created = attachNew(fresh.stream().map(Candidate::phone).toList(),
				(book.provider() == Provider.WHATSAPP) ? "mobile" : null, now);
		adoptLegacy(legacy, rows, now);
		Set<String> added = new HashSet<>(created.keySet());
		for (Candidate c : fresh) {
			rows.put(c.phone(),
					new Existing(created.get(c.phone()), book.source(), c.incoming().name(), c.incoming().email(),
							c.incoming().company(), (book.provider() == Provider.OUTLOOK) ? c.externalId() : null,
							(book.provider() == Provider.GOOGLE) ? c.externalId() : null, false));
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
		List<EmailRow> emails = new ArrayList<>();
		List<Link> replaced = new ArrayList<>();
		for (Candidate c : candidates) {
			Existing row = rows.get(c.phone());
			if (added.contains(c.phone())) {
				counts.added++;
				linkWrites.add(new LinkWrite(row.id(), c));
				emails.add(emailRow(row.id(), c.incoming().email(), c.incoming().email(), now));
				continue;
			}
			List<Link> contactLinks = links.getOrDefault(row.id(), List.of());
			Link mine = contactLinks.stream().filter((l) -> l.staffId() == staffId).findFirst().orElse(null);
			boolean silently = false;
			if (mine != null && !mine.externalId().equals(c.externalId())) {
				// two contacts of this address book share the number: the smallest id
				// wins, every run
				boolean smaller = c.externalId().compareTo(mine.externalId()) < 0;
				if (smaller) {
					replaced.add(mine);
				}
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
			emails.add(emailRow(row.id(), decision.result().email(), c.incoming().email(), now));
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
			ps.setString(++i, NameKey.of(e.name(), e.company()));
			ps.setObject(++i, now);
			ps.setLong(++i, e.id());
		});
		linkWrites.sort(Comparator.comparingLong(LinkWrite::contactId));
		// the larger id of two entries with one number no longer feeds the contact
		jdbc.batchUpdate("DELETE FROM contact_links WHERE staff_user_id = ? AND provider = ? AND external_id = ?",
				replaced.stream()
					.map((l) -> new Object[] { staffId, book.provider().code(), l.externalId() })
					.toList());
		KnownBy by = new KnownBy(Origin.of(book.provider()), staffId);
		people.addPhoneSources(linkWrites.stream().map((w) -> w.candidate().phone()).sorted().toList(), by, now);
		writeEmails(emails, by, now);
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
		Set<List<Long>> stillKnown = new HashSet<>();
		jdbc.query(
				"SELECT contact_id, staff_user_id, external_id FROM contact_links WHERE provider = ? AND contact_id IN ("
						+ placeholders(contactIds.size()) + ") ORDER BY staff_user_id DESC",
				(rs) -> {
					remaining.put(rs.getLong("contact_id"), rs.getString("external_id"));
					stillKnown.add(List.of(rs.getLong("contact_id"), rs.getLong("staff_user_id")));
				}, args(book.provider().code(), contactIds));
		// what a staff member's address book no longer has, it no longer knows
		Map<Long, Set<Long>> forgotten = new TreeMap<>();
		for (Link link : links) {
			if (!stillKnown.contains(List.of(link.contactId(), link.staffId()))) {
				forgotten.computeIfAbsent(link.staffId(), (id) -> new java.util.TreeSet<>()).add(link.contactId());
			}
		}
		forgotten.forEach((staff, ids) -> people.forgetSources(ids, new KnownBy(Origin.of(book.provider()), staff)));
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
					+ ", lead_status, name_edited, owner_id, created_at, updated_at, name_key) VALUES (?, ?, ?, ?, '"
					+ source.code() + "', " + idValue + "'new', FALSE, ?, ?, ?, ?)";
		}

		String updateContact() {
			String id = (idColumn != null) ? idColumn + " = ?, " + removedAtColumn + " = NULL, " : "";
			return "UPDATE contacts SET name = ?, email = ?, company = ?, source = ?, " + id
					+ "name_key = ?, updated_at = ?, version = version + 1 WHERE id = ?";
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
