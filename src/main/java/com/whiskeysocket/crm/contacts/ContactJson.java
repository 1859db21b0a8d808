package com.whiskeysocket.crm.contacts;

import java.time.Instant;
import java.util.List;

/**
 * A contact as the merge and undo endpoints answer it: the fields of {@code GET
 * /api/contacts/{id}} that today's contact row holds.
 *
 * @param id the contact
 * @param name the name
 * @param phone the primary number's digits
 * @param phones every number
 * @param emails every email
 * @param company may be {@code null}
 * @param leadStatus in lower case
 * @param owner the owner's username, or {@code null}
 * @param sources {@code manual}, {@code outlook}, {@code google}, {@code whatsapp},
 * {@code import}
 * @param identities the contact in each source
 * @param version raised by every change
 * @param createdAt when it was added
 * @param updatedAt its last change
 */
record ContactJson(long id, String name, String phone, List<Phone> phones, List<Email> emails, String company,
		String leadStatus, String owner, List<String> sources, List<Identity> identities, long version,
		Instant createdAt, Instant updatedAt) {

	record Phone(String number, String label, boolean primary, List<String> sources) {
	}

	record Email(String address, String label, boolean primary) {
	}

	record Identity(String provider, String staff, String externalId) {
	}

}
