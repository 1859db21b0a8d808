package com.whiskeysocket.crm.sync;

import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.contacts.ContactsChanged;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Every contact write reaches the write-back outbox: {@code contacts} publishes
 * {@link ContactsChanged} inside the writing transaction, just before it commits, and the
 * outbox rows are inserted right there, so they commit with the change or not at all.
 * That is a transactional outbox already; the event publication registry would add a
 * second table and a serialized copy of each event for nothing.
 */
@Component
class WriteBackTrigger {

	private static final Logger log = LoggerFactory.getLogger(WriteBackTrigger.class);

	private final WriteBackOutbox outbox;

	WriteBackTrigger(WriteBackOutbox outbox) {
		this.outbox = outbox;
	}

	@EventListener
	void on(ContactsChanged event) {
		Set<Long> ids = new HashSet<>(event.changed());
		ids.addAll(event.deleted());
		try {
			outbox.contactsChanged(ids, event.typed());
		}
		catch (RuntimeException ex) {
			// the contact change itself must not fail for the write-back: the contacts
			// are
			// written at their next change, or by turning write-back off and on
			log.warn("Write-back: {} changed contacts not queued ({})", ids.size(), ex.getClass().getSimpleName());
		}
	}

}
