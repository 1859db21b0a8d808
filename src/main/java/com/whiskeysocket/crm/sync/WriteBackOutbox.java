package com.whiskeysocket.crm.sync;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.whiskeysocket.crm.contacts.People;
import com.whiskeysocket.crm.contacts.PersonScope;

import org.springframework.stereotype.Service;

/**
 * What changes in the CRM becomes rows of the write-back outbox: one per contact and
 * address book it belongs in (or leaves), coalesced with what already waits. Fed by the
 * contacts module's {@code ContactsChanged} inside the writing transaction
 * ({@code WriteBackTrigger}), so the rows commit with the change or not at all; cheap
 * when nobody writes back (one query).
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
		Map<Long, PersonScope> scopes = people.scopes(contactIds);
		Map<Map.Entry<Long, SyncProvider>, Set<Long>> rows = new HashMap<>();
		for (long contactId : contactIds) {
			PersonScope scope = scopes.get(contactId);
			for (WriteBackSettings account : accounts) {
				if (account.inScope(scope)) {
					rows.computeIfAbsent(Map.entry(account.staffId(), account.provider()), (k) -> new LinkedHashSet<>())
						.add(contactId);
				}
			}
		}
		// a contact that left an address book's scope (or went) is written there once
		// more: removed
		store.copiesOf(contactIds)
			.forEach((copy) -> rows
				.computeIfAbsent(Map.entry(copy.staffId(), copy.provider()), (k) -> new LinkedHashSet<>())
				.add(copy.contactId()));
		Instant due = Instant.now().plus(properties.coalesce());
		rows.forEach((account, ids) -> store.enqueue(account.getKey(), account.getValue(), ids, typed, due));
	}

}
