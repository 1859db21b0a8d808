package com.whiskeysocket.crm.contacts;

import java.util.List;

/**
 * What another module may copy of a person into an address book it writes (the write-back
 * to staff members' Google Contacts and Outlook): the name and company, the owner and
 * lead status that decide whose address books it belongs in, and every number and email.
 *
 * @param id the contact
 * @param name the name as shown
 * @param company the company, or {@code null}
 * @param ownerId the owning staff member, or {@code null}
 * @param status the lead status
 * @param phones every number, the primary first
 * @param emails every email, the primary first
 */
public record PersonCard(long id, String name, String company, Long ownerId, LeadStatus status,
		List<ContactPhone> phones, List<ContactEmail> emails) {

	public PersonCard {
		phones = List.copyOf(phones);
		emails = List.copyOf(emails);
	}

}
