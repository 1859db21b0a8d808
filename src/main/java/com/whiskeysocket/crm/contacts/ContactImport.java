package com.whiskeysocket.crm.contacts;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The entry point every source merges through: a page of a staff member's address book or
 * WhatsApp ({@link AddressBookMerge}, with {@link AddressBookUnlink} for what it no
 * longer has) and rows of an imported file ({@link FileMerge}). Each page is one short
 * READ COMMITTED transaction, retried when it loses a deadlock or a race for a new number
 * (the unique number of {@code contact_phones} decides: the retry finds the number's
 * person and merges). Every {@code UPDATE contacts} raises {@code version}, so an edit
 * form loaded before a sync changed the contact is answered with a conflict; a contact
 * the sync leaves unchanged keeps its version.
 */
@Component
public class ContactImport {

	private static final int MAX_ATTEMPTS = 5;

	private final JdbcTemplate jdbc;

	private final PhoneNumbers phoneNumbers;

	private final TransactionTemplate transactions;

	private final AddressBookMerge merge;

	private final AddressBookUnlink unlink;

	private final FileMerge files;

	private final LidMerge lids;

	private final ContactChanges changes;

	ContactImport(JdbcTemplate jdbc, PhoneNumbers phoneNumbers, PlatformTransactionManager transactionManager,
			AddressBookMerge merge, AddressBookUnlink unlink, FileMerge files, LidMerge lids, ContactChanges changes) {
		this.lids = lids;
		this.changes = changes;
		this.jdbc = jdbc;
		this.phoneNumbers = phoneNumbers;
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
		this.merge = merge;
		this.unlink = unlink;
		this.files = files;
	}

	/**
	 * Whether a staff member's address book has been imported before: if not, none of its
	 * entries can be linked to a person yet, and pages skip that lookup.
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
	 * The CPU-bound half of a page's import (numbers normalized, names, duplicates within
	 * the page), so a sync can do it on the thread that fetches while another one writes.
	 * @param page the changes
	 * @return the page, ready for {@link #importPage(Provider, long, long, PreparedPage)}
	 */
	public PreparedPage prepare(ImportPage page) {
		return new PreparedPage(page, PagePlan.of(page.contacts(), phoneNumbers));
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
		PagePlan plan = prepared.plan();
		if (plan.isEmpty() && page.removedIds().isEmpty() && page.alsoInTransaction() == null
				&& page.seenIds().isEmpty()) {
			return plan.counts().build();
		}
		return retried(plan.counts(), (counts) -> {
			LocalDateTime now = now();
			Set<Long> changed = new HashSet<>();
			counts.removed += unlink.unlinkRemoved(book, staffId, page.removedIds(), page.folderId(), now, changed);
			unlink.markSeen(book, staffId, runId, page.seenIds(), now);
			Map<Long, String> inserted = Map.of();
			if (!plan.isEmpty()) {
				AddressBookMerge.Merged merged = merge.merge(book, staffId, runId, plan.leaders(), counts, now,
						page.firstImport(), page.lastWritten());
				changed.addAll(merged.changed());
				inserted = merged.inserted();
			}
			changes.synced(provider, staffId, changed, inserted);
			if (page.alsoInTransaction() != null) {
				page.alsoInTransaction().run();
			}
			return null;
		});
	}

	/**
	 * What merging rows of an imported file would do, without writing anything: the
	 * person each number belongs to and whether the row giving it would change that
	 * person (by {@link MergeRules#imported}).
	 * @param rows rows by each of their valid numbers
	 * @return the owner of each number that has one; numbers nobody has are absent
	 */
	public Map<String, FileMatch> matchFile(Map<String, FileContact> rows) {
		return files.match(rows);
	}

	/**
	 * Merges rows of a file a staff member imports, in one short transaction: new people
	 * become {@code manual} contacts owned by that staff member, existing ones change
	 * only as {@link MergeRules#imported} says. Rows without a valid number are counted
	 * and skipped; rows with the same first number count as duplicates.
	 * @param staffId who imports
	 * @param rows up to a page of rows
	 * @return their counts
	 */
	public ImportCounts importFile(long staffId, List<FileContact> rows) {
		MergeCounter counts = new MergeCounter();
		counts.total = rows.size();
		// number order: rows are locked in the same order as every sync locks them
		Map<String, FileContact> byPhone = new TreeMap<>();
		for (FileContact row : rows) {
			PhoneNumbers.Result phone = phoneNumbers.firstUsable(row.rawPhones());
			if (!phone.isValid()) {
				counts.skipped(phone.rejection());
			}
			else if (byPhone.putIfAbsent(phone.digits(), row) != null) {
				counts.duplicates++;
			}
		}
		if (byPhone.isEmpty()) {
			return counts.build();
		}
		return retried(counts, (attempt) -> {
			changes.imported(staffId, files.merge(staffId, byPhone, attempt, now()));
			return null;
		});
	}

	/**
	 * After a complete read of the given Outlook folders, the staff member's links there
	 * that this run did not see (and links into folders that no longer exist) are
	 * contacts deleted in the address book: they are unlinked, in chunks, each in its own
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
		return unlink.unlinkUnseen(transactions, AddressBook.of(Provider.OUTLOOK), staffId, runId, readFolderIds,
				vanishedFolderIds);
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
		return unlink.unlinkUnseen(transactions, AddressBook.of(provider), staffId, runId, null, Set.of());
	}

	/**
	 * WhatsApp revealed the number behind a LID: the number attaches to the person known
	 * by that LID, the LID becomes an identity of the number's person, and if those are
	 * two people, the LID's person merges into the number's person (see
	 * {@link LidMerge}).
	 * @param staffId whose linked phone told
	 * @param lid the LID ({@code 123456789@lid})
	 * @param phone the number, as E.164 digits or with {@code +}
	 * @return the person who has both now; empty if the number is not valid or nobody has
	 * either
	 */
	public Optional<Long> linkLid(long staffId, String lid, String phone) {
		PhoneNumbers.Result number = phoneNumbers.normalize(phone);
		if (!number.isValid() || lid == null || lid.isBlank()) {
			return Optional.empty();
		}
		for (int attempt = 1;; attempt++) {
			try {
				return transactions.execute((status) -> {
					Set<Long> deleted = new HashSet<>();
					Optional<Long> survivor = lids.link(staffId, lid, number.digits(), now(), deleted);
					changes.synced(Provider.WHATSAPP, staffId, survivor.map(List::of).orElse(List.of()), deleted);
					return survivor;
				});
			}
			catch (PessimisticLockingFailureException | DuplicateKeyException ex) {
				if (attempt == MAX_ATTEMPTS) {
					throw ex;
				}
				pause(attempt);
			}
		}
	}

	private ImportCounts retried(MergeCounter prepared, Function<MergeCounter, Void> work) {
		for (int attempt = 1;; attempt++) {
			try {
				MergeCounter counts = prepared.copy();
				transactions.executeWithoutResult((status) -> work.apply(counts));
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

	/** To the microsecond, as DATETIME(6) stores it: rows created now are found by it. */
	static LocalDateTime now() {
		return LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
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

	/** A page whose numbers and names are worked out, waiting for its transaction. */
	public static final class PreparedPage {

		private final ImportPage page;

		private final PagePlan plan;

		private PreparedPage(ImportPage page, PagePlan plan) {
			this.page = page;
			this.plan = plan;
		}

		ImportPage page() {
			return page;
		}

		PagePlan plan() {
			return plan;
		}

	}

}
