package com.whiskeysocket.crm.contacts;

import java.util.List;
import java.util.Map;

/**
 * One page of an address book's changes.
 *
 * @param contacts contacts added or changed (or all of them, in a full read)
 * @param removedIds ids the address book reports deleted
 * @param folderId the folder the page is from, or {@code null}; a removal from one folder
 * does not unlink a contact that has since moved to another
 * @param alsoInTransaction work to commit atomically with the page (such as storing the
 * provider's sync state), or {@code null}
 * @param firstImport whether this address book was never imported before (see
 * {@link ContactImport#hasLinks}): then none of its contacts can have moved to another
 * number
 * @param seenIds ids read on this page but left out of {@code contacts} because the
 * source knows they did not change (the CRM's own write read back): still seen by the
 * run, so a full read does not take them for deleted
 * @param lastWritten what the write-back last wrote into entries of {@code contacts}, by
 * their id: those are merged field by field against it
 */
public record ImportPage(List<IncomingContact> contacts, List<String> removedIds, String folderId,
		Runnable alsoInTransaction, boolean firstImport, List<String> seenIds, Map<String, LastWritten> lastWritten) {

	public ImportPage {
		lastWritten = (lastWritten != null) ? Map.copyOf(lastWritten) : Map.of();
	}

	public ImportPage(List<IncomingContact> contacts, List<String> removedIds, String folderId,
			Runnable alsoInTransaction, boolean firstImport, List<String> seenIds) {
		this(contacts, removedIds, folderId, alsoInTransaction, firstImport, seenIds, Map.of());
	}

	public ImportPage(List<IncomingContact> contacts, List<String> removedIds, String folderId,
			Runnable alsoInTransaction, boolean firstImport) {
		this(contacts, removedIds, folderId, alsoInTransaction, firstImport, List.of());
	}

	public static ImportPage of(List<IncomingContact> contacts) {
		return new ImportPage(contacts, List.of(), null, null, false);
	}

}
