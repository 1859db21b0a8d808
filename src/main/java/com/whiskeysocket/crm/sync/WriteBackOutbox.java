package com.whiskeysocket.crm.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.whiskeysocket.crm.contacts.People;
import com.whiskeysocket.crm.contacts.PersonCard;

import org.springframework.stereotype.Service;

/**
 * What changes in the CRM becomes rows of the write-back outbox: one per contact and
 * address book it belongs in (or leaves), coalesced with what already waits. Called with
 * the ids of changed contacts (by the contacts module's change event once it exists);
 * cheap when nobody writes back.
 */
@Service
public class WriteBackOutbox {

	private final WriteBackStore store;

	private final People people;

	private final WriteBackProperties properties;

	WriteBackOutbox(WriteBackStore store, People people, WriteBackProperties properties) {
		this.store = store;
		this.people = people;
		this.properties = properties;
	}

	/**
	 * Contacts changed (edited, imported, merged, synced from another source, deleted):
	 * each is put in the outbox of every address book it belongs in now, and of every one
	 * holding a copy of it (which it may have left).
	 * @param contactIds the contacts
	 * @param typed whether a person typed the change in the CRM (a page, the API)
	 */
	public void contactsChanged(Collection<Long> contactIds, boolean typed) {
		if (!properties.available() || contactIds.isEmpty()) {
			return;
		}
		List<WriteBackSettings> accounts = store.enabled();
		if (accounts.isEmpty()) {
			return;
		}
		Map<Long, PersonCard> cards = people.cards(contactIds);
		Map<Map.Entry<Long, SyncProvider>, List<Long>> rows = new HashMap<>();
		for (long contactId : contactIds) {
			PersonCard card = cards.get(contactId);
			for (WriteBackSettings account : accounts) {
				if (account.inScope(card)) {
					rows.computeIfAbsent(Map.entry(account.staffId(), account.provider()), (k) -> new ArrayList<>())
						.add(contactId);
				}
			}
			for (Map.Entry<Long, SyncProvider> holder : store.accountsWithCopies(contactId)) {
				List<Long> ids = rows.computeIfAbsent(holder, (k) -> new ArrayList<>());
				if (!ids.contains(contactId)) {
					ids.add(contactId);
				}
			}
		}
		Instant due = Instant.now().plus(properties.coalesce());
		rows.forEach((account, ids) -> store.enqueue(account.getKey(), account.getValue(), ids, typed, due));
	}

}
