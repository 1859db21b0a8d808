package com.whiskeysocket.crm.contacts;

import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Reads one contact as the contacts API shows it ({@link ContactApiService#find}), in the
 * caller's transaction: a merge's dry run shows the survivor before rolling back.
 */
@Component
class ContactJsonReader {

	private final ContactApiService contacts;

	ContactJsonReader(ContactApiService contacts) {
		this.contacts = contacts;
	}

	Optional<ContactJson> read(long id) {
		return contacts.find(id);
	}

}
