package com.whiskeysocket.crm.sync;

import com.whiskeysocket.crm.contacts.PersonCard;

import org.springframework.stereotype.Component;

/**
 * A CRM contact as it is written into an address book: the name split into given and
 * family names, every number ({@code +} and E.164 digits) and email with its label, the
 * company, and a notes line with the contact's CRM link.
 */
@Component
class WriteBackEntries {

	private final WriteBackProperties properties;

	WriteBackEntries(WriteBackProperties properties) {
		this.properties = properties;
	}

	AddressBookEntry of(PersonCard card) {
		String[] names = AddressBookEntry.split(card.name());
		return new AddressBookEntry(names[0], names[1], card.company(),
				card.phones()
					.stream()
					.map((phone) -> new AddressBookEntry.Value("+" + phone.digits(), phone.label()))
					.toList(),
				card.emails()
					.stream()
					.map((email) -> new AddressBookEntry.Value(email.address(), email.label()))
					.toList(),
				link(card.id()));
	}

	String link(long contactId) {
		return "Whiskeysocket CRM: " + properties.linkBase() + "/contacts/" + contactId;
	}

}
