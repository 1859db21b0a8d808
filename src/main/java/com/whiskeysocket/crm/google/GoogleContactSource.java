package com.whiskeysocket.crm.google;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.contacts.ImportPage;
import com.whiskeysocket.crm.contacts.LastWritten;
import com.whiskeysocket.crm.contacts.IncomingContact;
import com.whiskeysocket.crm.sync.AddressBookEntry;
import com.whiskeysocket.crm.sync.SyncProvider;
import com.whiskeysocket.crm.sync.WriteBack;

import org.springframework.stereotype.Component;

/**
 * Reads a staff member's Google contacts a page at a time, knowing nothing of sync runs:
 * the changes since the stored sync token, or (the first time, or when Google has
 * forgotten the token) everything, the last page storing the next sync token in its own
 * transaction. Deleted people arrive as removals.
 */
@Component
class GoogleContactSource {

	private static final Logger log = LoggerFactory.getLogger(GoogleContactSource.class);

	private final PeopleClient people;

	private final GoogleSyncTokens syncTokens;

	private final WriteBack writeBack;

	/** Reads the next page while the current one is being merged. */
	private final ExecutorService readAhead = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "google-read-ahead");
		thread.setDaemon(true);
		return thread;
	});

	GoogleContactSource(PeopleClient people, GoogleSyncTokens syncTokens, WriteBack writeBack) {
		this.people = people;
		this.syncTokens = syncTokens;
		this.writeBack = writeBack;
	}

	/**
	 * Reads the address book and hands over each page.
	 * @param staffId whose address book
	 * @param username the staff member's username (the connection's principal)
	 * @param firstImport whether it was never imported before
	 * @param pages receives each page, to be merged before the next is read
	 * @return whether it was a full read (after which contacts not seen are gone)
	 * @throws GoogleException when Google fails beyond retrying
	 */
	boolean read(long staffId, String username, boolean firstImport, Consumer<ImportPage> pages) {
		String syncToken = syncTokens.of(staffId).orElse(null);
		if (syncToken != null) {
			try {
				readAll(staffId, username, syncToken, firstImport, pages);
				return false;
			}
			catch (GoogleException ex) {
				if (!GoogleException.SYNC_TOKEN_EXPIRED.equals(ex.code())) {
					throw ex;
				}
				log.info("Google sync token of staff {} expired: reading the address book in full once", staffId);
				syncTokens.delete(staffId);
			}
		}
		readAll(staffId, username, null, firstImport, pages);
		return true;
	}

	/**
	 * Hands on each page while the next one is already on its way: Google's answer time
	 * overlaps with the merge of this page. One page is requested ahead, never more.
	 */
	private void readAll(long staffId, String username, String syncToken, boolean firstImport,
			Consumer<ImportPage> pages) {
		PeopleModel.ConnectionsPage page = people.connections(username, syncToken, null);
		while (page != null) {
			String pageToken = blankToNull(page.nextPageToken());
			Future<PeopleModel.ConnectionsPage> ahead = (pageToken != null)
					? readAhead.submit(() -> people.connections(username, syncToken, pageToken)) : null;
			try {
				String nextSyncToken = (pageToken == null) ? blankToNull(page.nextSyncToken()) : null;
				Runnable saveSyncToken = (nextSyncToken != null) ? () -> syncTokens.save(staffId, nextSyncToken) : null;
				List<IncomingContact> contacts = new ArrayList<>();
				List<String> removed = new ArrayList<>();
				List<String> unchanged = new ArrayList<>();
				Map<String, LastWritten> bases = new HashMap<>();
				Map<String, WriteBack.Written> written = writeBack.written(staffId, SyncProvider.GOOGLE,
						page.people().stream().map(PeopleModel.Person::resourceName).filter(Objects::nonNull).toList());
				for (PeopleModel.Person person : page.people()) {
					if (person.resourceName() == null) {
						continue;
					}
					if (person.isDeleted()) {
						removed.add(person.resourceName());
					}
					else if (ownWrite(person, written.get(person.resourceName()))) {
						// still seen: a full read must not take it for deleted
						unchanged.add(person.resourceName());
					}
					else {
						contacts.add(GoogleContacts.toIncoming(person));
						WriteBack.Written copy = written.get(person.resourceName());
						if (copy != null) {
							// changed on the phone since the CRM wrote it: merged field
							// by field
							bases.put(person.resourceName(), copy.lastWritten());
						}
					}
				}
				// a copy the CRM wrote, deleted on the phone, is detached: the contact
				// stays
				writeBack.deletedThere(staffId, SyncProvider.GOOGLE, removed);
				pages.accept(new ImportPage(contacts, removed, null, saveSyncToken, firstImport, unchanged, bases));
				page = (ahead != null) ? await(ahead) : null;
			}
			finally {
				if (ahead != null && !ahead.isDone()) {
					// the page or its merge failed, or the run was stopped: the page
					// requested ahead is not wanted
					ahead.cancel(true);
				}
			}
		}
	}

	private static <T> T await(Future<T> ahead) {
		try {
			return ahead.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GoogleException("google_interrupted", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new GoogleException("google_read_failed", ex.getCause());
		}
	}

	/**
	 * Whether a person read is exactly what the write-back last wrote: the same etag, or
	 * the same values (Google changes a person's etag for a group change alone). Such a
	 * person is the CRM's own write coming back, not a change.
	 */
	static boolean ownWrite(PeopleModel.Person person, WriteBack.Written written) {
		if (written == null) {
			return false;
		}
		if (written.etag() != null && written.etag().equals(person.etag())) {
			return true;
		}
		AddressBookEntry values = written.values();
		return GoogleAddressBook.readFields(person)
			.equals(new AddressBookEntry(values.givenName(), values.familyName(), values.company(), values.phones(),
					values.emails(), null));
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
