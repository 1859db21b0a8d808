package com.whiskeysocket.crm.contacts;

import java.util.List;

/**
 * One email address of a contact ({@code contact_emails}); the same address may belong to
 * several contacts (shared mailboxes).
 *
 * @param address the address as given
 * @param label the source's label ({@code work}, {@code home}…), or {@code null}
 * @param primary whether it is the contact's primary address ({@code contacts.email})
 * @param sources what knows it
 */
public record ContactEmail(String address, String label, boolean primary, List<KnownBy> sources) {

	public ContactEmail {
		sources = (sources != null) ? List.copyOf(sources) : List.of();
	}

	/** The address lower-cased, as contacts are matched by it. */
	public String key() {
		return Emails.key(address);
	}

}
