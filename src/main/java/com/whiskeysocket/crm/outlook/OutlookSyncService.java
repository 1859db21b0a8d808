package com.whiskeysocket.crm.outlook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.connections.ConnectionException;
import com.whiskeysocket.crm.connections.Connections;
import com.whiskeysocket.crm.contacts.ContactImport;
import com.whiskeysocket.crm.contacts.ContactImport.PreparedPage;
import com.whiskeysocket.crm.contacts.ImportCounts;
import com.whiskeysocket.crm.contacts.ImportPage;
import com.whiskeysocket.crm.contacts.IncomingContact;
import com.whiskeysocket.crm.contacts.LabeledValue;
import com.whiskeysocket.crm.contacts.LastWritten;
import com.whiskeysocket.crm.contacts.Provider;
import com.whiskeysocket.crm.staff.StaffDirectory;
import com.whiskeysocket.crm.sync.AddressBookEntry;
import com.whiskeysocket.crm.sync.ConnectedContactSource;
import com.whiskeysocket.crm.sync.SyncCounts;
import com.whiskeysocket.crm.sync.SyncOutcome;
import com.whiskeysocket.crm.sync.SyncProvider;
import com.whiskeysocket.crm.sync.SyncRun;
import com.whiskeysocket.crm.sync.WriteBack;

import org.springframework.stereotype.Service;

/**
 * Sync Outlook: every contact folder of a staff member's mailbox into the contact list,
 * as the sync module's {@link ConnectedContactSource} for Outlook (a background job under
 * a database lease, started by a click or the scheduler). The first sync of a folder
 * reads it in full as the first round of a Graph delta query; later syncs read only what
 * changed since the delta link stored with the folder. Fetching the next page overlaps
 * with merging the last one, nothing of earlier pages is kept but counts, and each page
 * is merged (and its delta link stored) in one short transaction: a failure leaves
 * earlier pages merged and the next run converges to the same result.
 */
@Service
public class OutlookSyncService implements ConnectedContactSource {

	private static final Logger log = LoggerFactory.getLogger(OutlookSyncService.class);

	/** Pages fetched ahead of the merge; bounds memory to a few pages. */
	private static final int PAGES_AHEAD = 2;

	private final Connections connections;

	private final GraphClient graph;

	private final ContactImport contactImport;

	private final OutlookDeltaLinks deltaLinks;

	private final StaffDirectory staffDirectory;

	private final OutlookSubscriptionStore subscriptions;

	private final OutlookNotificationProperties notifications;

	private final WriteBack writeBack;

	OutlookSyncService(Connections connections, GraphClient graph, ContactImport contactImport,
			OutlookDeltaLinks deltaLinks, StaffDirectory staffDirectory, OutlookSubscriptionStore subscriptions,
			OutlookNotificationProperties notifications, WriteBack writeBack) {
		this.connections = connections;
		this.graph = graph;
		this.contactImport = contactImport;
		this.deltaLinks = deltaLinks;
		this.staffDirectory = staffDirectory;
		this.subscriptions = subscriptions;
		this.notifications = notifications;
		this.writeBack = writeBack;
	}

	@Override
	public SyncProvider provider() {
		return SyncProvider.OUTLOOK;
	}

	@Override
	public String registrationId() {
		return OutlookProperties.REGISTRATION_ID;
	}

	@Override
	public String unavailableCode() {
		return "graph_unavailable";
	}

	@Override
	public List<Long> connectedStaff() {
		return connections.connectedStaff(OutlookProperties.REGISTRATION_ID);
	}

	/** Whether a Graph subscription brings this account's changes within seconds. */
	@Override
	public boolean live(long staffId) {
		return subscriptions.live(staffId);
	}

	/**
	 * While live, the schedule only catches what a notification missed: hourly (or the
	 * configured interval, if longer).
	 */
	@Override
	public Duration interval(long staffId, Duration configured) {
		Duration live = notifications.liveInterval();
		return (live.compareTo(configured) > 0 && live(staffId)) ? live : configured;
	}

	@Override
	public void checkReady(long staffId) {
		connections.authorize(username(staffId), OutlookProperties.REGISTRATION_ID);
	}

	/**
	 * Reads every folder of the run's mailbox into the contact list (on a sync thread).
	 * @throws ConnectionException if Outlook became unusable
	 * @throws OutlookSyncFailedException if Microsoft failed mid-way
	 */
	@Override
	public SyncOutcome sync(SyncRun run) {
		long staffId = run.staffId();
		String username = username(staffId);
		Tally tally = new Tally();
		try {
			connections.authorize(username, OutlookProperties.REGISTRATION_ID);
			Walk walk = fetchAndMerge(staffId, username, run, tally);
			run.finishing();
			if (!walk.firstImport) {
				// nothing was linked before this run, so nothing can be missing from it
				tally.removed(
						contactImport.unlinkUnseen(staffId, run.id(), walk.fullyReadFolderIds, walk.vanishedFolderIds));
			}
			deltaLinks.keepOnly(staffId, walk.folderKeys);
			return new SyncOutcome(tally.counts(), walk.mode());
		}
		catch (GraphException ex) {
			throw new OutlookSyncFailedException(ex);
		}
	}

	@Override
	public String errorCode(RuntimeException failure) {
		if (failure instanceof OutlookSyncFailedException graph) {
			return graph.code();
		}
		if (failure instanceof GraphException graph) {
			return graph.code();
		}
		if (failure instanceof ConnectionException connection) {
			return "outlook_" + connection.reason().name().toLowerCase(Locale.ROOT);
		}
		return "internal_error";
	}

	private String username(long staffId) {
		return staffDirectory.usernameOf(staffId)
			.orElseThrow(() -> new IllegalStateException("staff member " + staffId + " no longer exists"));
	}

	/**
	 * A fetcher thread walks folders and pages ahead; this thread merges what it hands
	 * over.
	 */
	private Walk fetchAndMerge(long staffId, String username, SyncRun run, Tally tally) {
		BlockingQueue<Object> handover = new ArrayBlockingQueue<>(PAGES_AHEAD);
		Thread fetcher = new Thread(() -> fetch(staffId, username, run, tally, handover), "outlook-fetch-" + staffId);
		fetcher.setDaemon(true);
		fetcher.start();
		try {
			while (true) {
				Object next = take(handover);
				if (next instanceof Walk walk) {
					return walk;
				}
				if (next instanceof RuntimeException failure) {
					throw failure;
				}
				tally.add(contactImport.importPage(Provider.OUTLOOK, staffId, run.id(), (PreparedPage) next));
				run.progress(tally.foldersDone, tally.folders, tally.counts());
			}
		}
		finally {
			fetcher.interrupt();
		}
	}

	/**
	 * Reads each folder: the changes since its stored delta link, or (the first time, or
	 * when Graph has forgotten the link) a full round that ends with a new delta link.
	 */
	private void fetch(long staffId, String username, SyncRun run, Tally tally, BlockingQueue<Object> handover) {
		try {
			Map<String, OutlookDeltaLinks.Stored> stored = deltaLinks.of(staffId);
			boolean firstImport = !contactImport.hasLinks(Provider.OUTLOOK, staffId);
			List<Folder> folders = folders(username, stored);
			tally.folders = folders.size();
			run.progress(0, tally.folders, tally.counts());
			Walk walk = new Walk();
			walk.firstImport = firstImport;
			for (Folder folder : folders) {
				walk.folderKeys.add(folder.key());
				if (folder.id() != null) {
					read(staffId, username, folder, stored.get(folder.key()), walk, firstImport, handover);
				}
				// an empty default folder reveals no id:
				// nothing to read, nothing to remember
				tally.foldersDone++;
			}
			stored.forEach((key, link) -> {
				if (!walk.folderKeys.contains(key)) {
					walk.vanishedFolderIds.add(link.folderId());
				}
			});
			put(handover, walk);
		}
		catch (RuntimeException ex) {
			handover.clear();
			handover.offer(ex);
		}
	}

	private void read(long staffId, String username, Folder folder, OutlookDeltaLinks.Stored link, Walk walk,
			boolean firstImport, BlockingQueue<Object> handover) {
		if (link != null) {
			try {
				graph.deltaRound(username, link.deltaLink(),
						(page) -> put(handover, prepared(staffId, folder, page, firstImport)));
				walk.delta = true;
				return;
			}
			catch (GraphException ex) {
				if (!"graph_sync_state_expired".equals(ex.code())) {
					throw ex;
				}
				log.info("Outlook delta link of staff {} expired: reading that folder in full once", staffId);
				deltaLinks.delete(staffId, folder.key());
			}
		}
		graph.fullRound(username, folder.id(), (page) -> put(handover, prepared(staffId, folder, page, firstImport)));
		walk.fullyReadFolderIds.add(folder.id());
		walk.full = true;
	}

	/**
	 * The default folder (its id remembered from an earlier sync, else asked for) and
	 * every folder below it.
	 */
	private List<Folder> folders(String username, Map<String, OutlookDeltaLinks.Stored> stored) {
		List<Folder> folders = new ArrayList<>();
		OutlookDeltaLinks.Stored defaultLink = stored.get(OutlookDeltaLinks.DEFAULT_FOLDER);
		String defaultId = (defaultLink != null) ? defaultLink.folderId()
				: graph.defaultFolderId(username).orElse(null);
		folders.add(new Folder(OutlookDeltaLinks.DEFAULT_FOLDER, defaultId));
		graph.contactFolders(username).forEach((folder) -> folders.add(new Folder(folder.id(), folder.id())));
		return folders;
	}

	/** Mapped and prepared on the fetcher thread, so the merging thread only writes. */
	private PreparedPage prepared(long staffId, Folder folder, GraphModel.ContactPage page, boolean firstImport) {
		Map<String, WriteBack.Written> written = writeBack.written(staffId, SyncProvider.OUTLOOK,
				page.contacts().stream().map(GraphModel.Contact::id).filter(Objects::nonNull).toList());
		FetchedPage fetched = fetched(folder, page, written);
		// a copy the CRM wrote, deleted in Outlook, is detached: the contact stays
		writeBack.deletedThere(staffId, SyncProvider.OUTLOOK, fetched.removedIds());
		Runnable saveDeltaLink = (fetched.deltaLink() == null) ? null
				: () -> deltaLinks.save(staffId, folder.key(), folder.id(), fetched.deltaLink());
		// a copy the CRM wrote, changed in Outlook since: merged field by field
		Map<String, LastWritten> bases = new HashMap<>();
		fetched.contacts().forEach((contact) -> {
			WriteBack.Written copy = written.get(contact.externalId());
			if (copy != null) {
				bases.put(contact.externalId(), copy.lastWritten());
			}
		});
		return contactImport.prepare(new ImportPage(fetched.contacts(), fetched.removedIds(), folder.id(),
				saveDeltaLink, firstImport, fetched.unchangedIds(), bases));
	}

	private static FetchedPage fetched(Folder folder, GraphModel.ContactPage page,
			Map<String, WriteBack.Written> written) {
		List<IncomingContact> contacts = new ArrayList<>(page.contacts().size());
		List<String> removed = new ArrayList<>();
		List<String> unchanged = new ArrayList<>();
		for (GraphModel.Contact contact : page.contacts()) {
			if (contact.id() == null) {
				continue;
			}
			if (contact.isRemoved()) {
				removed.add(contact.id());
			}
			else if (ownWrite(contact, written.get(contact.id()))) {
				// still seen: a full read must not take it for deleted
				unchanged.add(contact.id());
			}
			else {
				contacts.add(toIncoming(contact));
			}
		}
		return new FetchedPage(folder, contacts, removed, unchanged, page.deltaLink());
	}

	/**
	 * Whether a contact read is exactly what the write-back last wrote: the same
	 * changeKey, or the same values. Such a contact is the CRM's own write coming back,
	 * not a change.
	 */
	static boolean ownWrite(GraphModel.Contact contact, WriteBack.Written written) {
		if (written == null) {
			return false;
		}
		if (written.etag() != null && written.etag().equals(contact.changeKey())) {
			return true;
		}
		AddressBookEntry values = written.values();
		return OutlookAddressBook.readFields(contact)
			.equals(new AddressBookEntry(values.givenName(), values.familyName(), values.company(), values.phones(),
					values.emails(), null));
	}

	static IncomingContact toIncoming(GraphModel.Contact contact) {
		// every number Outlook has, in order of preference, with the label of its field
		List<LabeledValue> phones = new ArrayList<>();
		if (contact.mobilePhone() != null) {
			phones.add(new LabeledValue(contact.mobilePhone(), "mobile"));
		}
		if (contact.businessPhones() != null) {
			contact.businessPhones().forEach((phone) -> phones.add(new LabeledValue(phone, "work")));
		}
		if (contact.homePhones() != null) {
			contact.homePhones().forEach((phone) -> phones.add(new LabeledValue(phone, "home")));
		}
		List<LabeledValue> emails = (contact.emailAddresses() == null) ? List.of()
				: contact.emailAddresses()
					.stream()
					.map(GraphModel.EmailAddress::address)
					.filter((address) -> address != null && !address.isBlank())
					.map(LabeledValue::of)
					.toList();
		return new IncomingContact(contact.id(), contact.displayName(), contact.givenName(), contact.surname(),
				contact.companyName(), emails, phones, contact.changeKey(), contact.parentFolderId());
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

	private record Folder(String key, String id) {
	}

	private record FetchedPage(Folder folder, List<IncomingContact> contacts, List<String> removedIds,
			List<String> unchangedIds, String deltaLink) {
	}

	/** What the fetcher walked: which folders exist and how each was read. */
	private static final class Walk {

		final Set<String> folderKeys = new HashSet<>();

		final Set<String> vanishedFolderIds = new HashSet<>();

		boolean firstImport;

		final Set<String> fullyReadFolderIds = new HashSet<>();

		boolean full;

		boolean delta;

		String mode() {
			return (full && delta) ? "mixed" : (delta ? "delta" : "full");
		}

	}

	/** Counts so far; folder numbers are written by the fetcher, read for progress. */
	private static final class Tally {

		private volatile ImportCounts counts = ImportCounts.NONE;

		private volatile int removed;

		volatile int folders;

		volatile int foldersDone;

		void add(ImportCounts page) {
			counts = counts.plus(page);
		}

		void removed(int unlinked) {
			removed += unlinked;
		}

		int total() {
			return counts.total();
		}

		SyncCounts counts() {
			ImportCounts c = counts;
			return new SyncCounts(c.added(), c.updated(), c.merged(), c.unchanged(), c.skippedNoPhone(),
					c.skippedInvalidPhone(), c.duplicates(), c.total(), folders, c.removed() + removed);
		}

	}

}
