package com.whiskeysocket.crm.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The write side of a provider (Google, Outlook): the CRM's contacts saved into one staff
 * member's own address book, inside one group or folder the CRM owns
 * ({@code crm.write-back.group}). A provider implements it as a bean beside its
 * {@link ConnectedContactSource}; this module's outbox decides what to write, when and
 * with what values (three-way merged), and calls it one staff member at a time on one
 * node.
 */
public interface AddressBookWriter {

	/**
	 * Whose address books.
	 * @return {@link SyncProvider#GOOGLE} or {@link SyncProvider#OUTLOOK}
	 */
	SyncProvider provider();

	/**
	 * The connection written with.
	 * @return the {@code ConnectionProvider}'s registration id
	 */
	String registrationId();

	/**
	 * The shortest time between two rounds of writes into one address book while fewer
	 * rows wait than a full batch: a provider whose batch calls cost more of a per-user
	 * quota than single ones (Google) lets changes gather rather than spend its quota on
	 * many small calls. Full batches are never held back.
	 * @return the interval; none by default
	 */
	default java.time.Duration roundInterval() {
		return java.time.Duration.ZERO;
	}

	/**
	 * How many rows one round takes, given {@code crm.write-back.batch}: by default that
	 * many (Google creates up to 200 a call). A provider that splits a round into calls
	 * of its own size and runs several at once takes more, so fewer round boundaries
	 * (where every call of a round has been answered before the next round's start) leave
	 * it idle.
	 * @param batch the configured rows a round
	 * @return the rows a round of this provider
	 */
	default int roundSize(int batch) {
		return batch;
	}

	/**
	 * One staff member's address book, its group or folder made if missing.
	 * @param username the staff member (the connection's principal)
	 * @param group the group or folder's name
	 * @return the address book to write in
	 * @throws AddressBookException when it cannot be written now, and why
	 */
	AddressBook open(String username, String group);

	/** One staff member's address book, for the duration of one batch of writes. */
	interface AddressBook {

		/**
		 * The copy the CRM made of a contact, found by the tag it carries (Google
		 * {@code clientData}, a Graph single-value extended property): a create whose
		 * answer was lost is found here instead of made twice.
		 * @param contactId the CRM contact
		 * @return the copy, if one carries the tag
		 */
		Optional<AddressBookCopy> findByTag(long contactId);

		/**
		 * A person the address book already has with this number (before creating one).
		 * @param e164 {@code +6281234567890}
		 * @return the person, if any
		 */
		Optional<AddressBookCopy> findByNumber(String e164);

		/**
		 * The people the address book already has with any of these numbers, for many
		 * contacts at once (a first filling): a provider may read its whole address book
		 * once and match locally rather than search number by number, whose per-user
		 * quota a few thousand searches would exhaust. By default, one
		 * {@link #findByNumber} each.
		 * @param e164s numbers such as {@code +6281234567890}
		 * @return the person found for each number that has one, keyed by the number as
		 * given
		 */
		default Map<String, AddressBookCopy> findByNumbers(Collection<String> e164s) {
			Map<String, AddressBookCopy> found = new LinkedHashMap<>();
			for (String e164 : e164s) {
				findByNumber(e164).ifPresent((copy) -> found.put(e164, copy));
			}
			return found;
		}

		/**
		 * A copy as the provider has it now.
		 * @param externalId its id
		 * @return empty when it was deleted there
		 */
		Optional<AddressBookCopy> read(String externalId);

		/**
		 * New copies in the CRM's group or folder, each tagged with its contact's id.
		 * Providers that can send several at once do (Google 200 a call, Graph 20).
		 * @param entries the contacts and their values, in order
		 * @return the copies made, in the same order
		 */
		List<AddressBookCopy> create(List<NewCopy> entries);

		/**
		 * Writes new values over a copy, if it is still the version given.
		 * @param current the copy as last read or written (its etag)
		 * @param entry the values to write
		 * @return the copy after the write
		 * @throws StaleCopyException when it changed since
		 */
		AddressBookCopy update(AddressBookCopy current, AddressBookEntry entry);

		/**
		 * Several updates at once, each only if its copy is still the version given.
		 * Providers that can send several at once do (Google 200 a call, Graph 20); by
		 * default, one {@link #update} each.
		 * @param changes the copies as last read or written and the values to write
		 * @return in the same order, the copy after its write, or {@code null} when it
		 * changed since (the caller reads it again and merges)
		 * @throws AddressBookException when the address book cannot be written now
		 */
		default List<AddressBookCopy> update(List<Change> changes) {
			List<AddressBookCopy> written = new ArrayList<>();
			for (Change change : changes) {
				try {
					written.add(update(change.current(), change.entry()));
				}
				catch (StaleCopyException ex) {
					written.add(null);
				}
			}
			return written;
		}

		/**
		 * Puts a person the address book already had into the CRM's group (Google); a
		 * no-op where a person cannot be in two places (an Outlook folder).
		 * @param copy the person
		 */
		void join(AddressBookCopy copy);

		/**
		 * A contact that left the staff member's scope: its copy leaves the CRM's group,
		 * and is deleted when {@code delete} (the CRM made it and nobody edited it).
		 * @param copy the copy
		 * @param delete whether to delete it
		 */
		void remove(AddressBookCopy copy, boolean delete);

		/**
		 * Whether a copy was edited since the CRM wrote it beyond the values an
		 * {@link AddressBookEntry} holds: a provider whose version changes only on an
		 * edit (Graph's changeKey) answers by it, so a copy edited in a field the CRM
		 * does not write is not deleted. By default nothing more is known.
		 * @param writtenEtag the version the CRM's last write answered
		 * @param now the copy as it is now
		 * @return whether it was edited since
		 */
		default boolean editedSince(String writtenEtag, AddressBookCopy now) {
			return false;
		}

	}

	/**
	 * A copy to make.
	 *
	 * @param contactId the CRM contact, the tag the copy carries
	 * @param entry its values
	 */
	record NewCopy(long contactId, AddressBookEntry entry) {

	}

	/**
	 * An update to make.
	 *
	 * @param current the copy as last read or written (its etag)
	 * @param entry the values to write
	 */
	record Change(AddressBookCopy current, AddressBookEntry entry) {

	}

}
