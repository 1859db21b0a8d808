package com.whiskeysocket.crm.outlook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.contacts.ContactImport;
import com.whiskeysocket.crm.contacts.ImportCounts;
import com.whiskeysocket.crm.contacts.IncomingContact;
import com.whiskeysocket.crm.contacts.Provider;
import com.whiskeysocket.crm.staff.StaffPrincipal;
import com.whiskeysocket.crm.sync.SyncCounts;
import com.whiskeysocket.crm.sync.SyncProvider;
import com.whiskeysocket.crm.sync.SyncRun;
import com.whiskeysocket.crm.sync.SyncRuns;
import com.whiskeysocket.crm.sync.SyncTrigger;

import org.springframework.stereotype.Service;

/**
 * Sync Outlook: every contact of every contact folder of a staff member's mailbox, page
 * by page, into the contact list. Fetching the next page from Graph overlaps with merging
 * the last one, and nothing of earlier pages is kept but counts, so memory stays flat.
 * Each page is merged in its own short transaction: a failure leaves earlier pages merged
 * and the next run converges to the same result.
 */
@Service
public class OutlookSyncService {

	private static final Logger log = LoggerFactory.getLogger(OutlookSyncService.class);

	/** Pages fetched ahead of the merge; bounds memory to a few pages. */
	private static final int PAGES_AHEAD = 2;

	private final OutlookConnections connections;

	private final GraphClient graph;

	private final ContactImport contactImport;

	private final SyncRuns syncRuns;

	OutlookSyncService(OutlookConnections connections, GraphClient graph, ContactImport contactImport,
			SyncRuns syncRuns) {
		this.connections = connections;
		this.graph = graph;
		this.contactImport = contactImport;
		this.syncRuns = syncRuns;
	}

	/**
	 * Runs a sync for a staff member and waits for it.
	 * @param staff whose mailbox
	 * @param trigger how it was started
	 * @return the counts
	 * @throws OutlookConnectionException if Outlook is not usable for this staff member
	 * @throws com.whiskeysocket.crm.sync.SyncInProgressException if one is running
	 * already
	 * @throws OutlookSyncFailedException if Microsoft failed mid-way
	 */
	OutlookSyncResult sync(StaffPrincipal staff, SyncTrigger trigger) {
		String username = staff.getUsername();
		connections.authorize(username);
		SyncRun run = syncRuns.start(staff.id(), SyncProvider.OUTLOOK, trigger);
		Tally tally = new Tally();
		try {
			fetchAndMerge(staff.id(), username, run, tally);
			SyncCounts counts = tally.counts();
			run.finish(counts);
			long durationMs = Duration.between(run.startedAt(), Instant.now()).toMillis();
			log.info(
					"Outlook sync of staff {} succeeded in {} ms: {} added, {} updated, {} merged, {} unchanged, "
							+ "{} skipped (no phone {}, invalid phone {}), {} duplicates, {} read in {} folders",
					staff.id(), durationMs, counts.added(), counts.updated(), counts.merged(), counts.unchanged(),
					counts.skipped(), counts.skippedNoPhone(), counts.skippedInvalidPhone(), counts.duplicates(),
					counts.total(), counts.folders());
			return new OutlookSyncResult(counts, durationMs);
		}
		catch (GraphException ex) {
			return failed(staff, run, tally, ex.code(), new OutlookSyncFailedException(ex));
		}
		catch (OutlookConnectionException ex) {
			return failed(staff, run, tally, "outlook_" + ex.reason().name().toLowerCase(java.util.Locale.ROOT), ex);
		}
		catch (RuntimeException ex) {
			return failed(staff, run, tally, "internal_error", ex);
		}
	}

	private OutlookSyncResult failed(StaffPrincipal staff, SyncRun run, Tally tally, String errorCode,
			RuntimeException ex) {
		run.fail(errorCode, tally.counts());
		log.warn("Outlook sync of staff {} failed ({}) after {} contacts in {} folders", staff.id(), errorCode,
				tally.total(), tally.folders);
		throw ex;
	}

	/**
	 * A fetcher thread walks folders and pages ahead; this thread merges what it hands
	 * over.
	 */
	private void fetchAndMerge(long staffId, String username, SyncRun run, Tally tally) {
		BlockingQueue<Object> handover = new ArrayBlockingQueue<>(PAGES_AHEAD);
		Thread fetcher = new Thread(() -> fetch(username, run, tally, handover), "outlook-fetch-" + staffId);
		fetcher.setDaemon(true);
		fetcher.start();
		try {
			while (true) {
				Object next = take(handover);
				if (next == END) {
					return;
				}
				if (next instanceof RuntimeException failure) {
					throw failure;
				}
				List<IncomingContact> page = ((FetchedPage) next).contacts();
				tally.add(contactImport.importPage(Provider.OUTLOOK, staffId, run.id(), page));
				run.progress(tally.foldersDone, tally.folders, tally.total());
			}
		}
		finally {
			fetcher.interrupt();
		}
	}

	private void fetch(String username, SyncRun run, Tally tally, BlockingQueue<Object> handover) {
		try {
			List<String> folders = new ArrayList<>();
			folders.add(null);
			graph.contactFolders(username).forEach((folder) -> folders.add(folder.id()));
			tally.folders = folders.size();
			run.progress(0, tally.folders, 0);
			for (String folder : folders) {
				graph.contacts(username, folder, (page) -> put(handover, new FetchedPage(map(page))));
				tally.foldersDone++;
			}
			put(handover, END);
		}
		catch (RuntimeException ex) {
			handover.clear();
			handover.offer(ex);
		}
	}

	private static List<IncomingContact> map(GraphModel.ContactPage page) {
		List<IncomingContact> contacts = new ArrayList<>(page.contacts().size());
		for (GraphModel.Contact contact : page.contacts()) {
			if (contact.isRemoved() || contact.id() == null) {
				continue;
			}
			contacts.add(toIncoming(contact));
		}
		return contacts;
	}

	static IncomingContact toIncoming(GraphModel.Contact contact) {
		List<String> phones = new ArrayList<>();
		phones.add(contact.mobilePhone());
		if (contact.businessPhones() != null) {
			phones.addAll(contact.businessPhones());
		}
		if (contact.homePhones() != null) {
			phones.addAll(contact.homePhones());
		}
		String email = (contact.emailAddresses() == null) ? null
				: contact.emailAddresses()
					.stream()
					.map(GraphModel.EmailAddress::address)
					.filter((address) -> address != null && !address.isBlank())
					.findFirst()
					.orElse(null);
		return new IncomingContact(contact.id(), contact.displayName(), contact.givenName(), contact.surname(),
				contact.companyName(), email, phones, contact.changeKey(), contact.parentFolderId());
	}

	private static void put(BlockingQueue<Object> handover, Object item) {
		try {
			handover.put(item);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GraphException("sync_cancelled", ex);
		}
	}

	private static Object take(BlockingQueue<Object> handover) {
		try {
			return handover.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GraphException("sync_cancelled", ex);
		}
	}

	private static final Object END = new Object();

	private record FetchedPage(List<IncomingContact> contacts) {
	}

	/** Counts so far; folder numbers are written by the fetcher, read for progress. */
	private static final class Tally {

		private volatile ImportCounts counts = ImportCounts.NONE;

		volatile int folders;

		volatile int foldersDone;

		void add(ImportCounts page) {
			counts = counts.plus(page);
		}

		int total() {
			return counts.total();
		}

		SyncCounts counts() {
			ImportCounts c = counts;
			return new SyncCounts(c.added(), c.updated(), c.merged(), c.unchanged(), c.skippedNoPhone(),
					c.skippedInvalidPhone(), c.duplicates(), c.total(), folders);
		}

	}

}
