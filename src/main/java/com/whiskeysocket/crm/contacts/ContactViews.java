package com.whiskeysocket.crm.contacts;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads all a contact's page shows: fields, every number and email, identities, notes.
 */
@Component
class ContactViews {

	private final ContactRepository contacts;

	private final ContactNoteRepository notes;

	private final People people;

	private final PhoneNumbers phoneNumbers;

	ContactViews(ContactRepository contacts, ContactNoteRepository notes, People people, PhoneNumbers phoneNumbers) {
		this.contacts = contacts;
		this.notes = notes;
		this.people = people;
		this.phoneNumbers = phoneNumbers;
	}

	/**
	 * The contact's page.
	 * @param id the contact
	 * @param staffNames names of staff accounts by id
	 * @return the page's content, or empty if there is no such contact
	 */
	@Transactional(readOnly = true)
	Optional<ContactView> view(long id, Map<Long, String> staffNames) {
		return contacts.findById(id).map((contact) -> {
			List<ContactView.SourceView> sources = people.identities(id)
				.stream()
				.map((identity) -> new ContactView.SourceView(identity.provider().code(),
						staffNames.get(identity.staffUserId()), identity.firstSeen(), identity.lastSeen()))
				.toList();
			List<ContactView.PhoneView> phones = people.phones(id)
				.stream()
				.map((phone) -> new ContactView.PhoneView(phone.digits(), phoneNumbers.display(phone.digits()),
						phone.label(), phone.primary(),
						"mobile".equals(phone.label()) || phoneNumbers.isMobile(phone.digits()),
						phone.sources()
							.stream()
							.map((known) -> new ContactView.KnownByView(known.origin().code(),
									staffNames.get(known.staffUserId())))
							.distinct()
							.toList()))
				.toList();
			List<ContactView.EmailView> emails = people.emails(id)
				.stream()
				.map((email) -> new ContactView.EmailView(email.address(), email.label(), email.primary()))
				.toList();
			if (phones.isEmpty() && contact.getPhone() != null) {
				// a primary copied without its row, as written before contacts had
				// several
				phones = List.of(new ContactView.PhoneView(contact.getPhone(), phoneNumbers.display(contact.getPhone()),
						null, true, phoneNumbers.isMobile(contact.getPhone()), List.of()));
			}
			if (emails.isEmpty() && contact.getEmail() != null) {
				emails = List.of(new ContactView.EmailView(contact.getEmail(), null, true));
			}
			return new ContactView(contact.getId(), contact.getName(), contact.getPhone(),
					phoneNumbers.display(contact.getPhone()), contact.getEmail(), contact.getCompany(),
					contact.getSource(), contact.getLeadStatus(), contact.getOwnerId(),
					(contact.getOwnerId() != null) ? staffNames.get(contact.getOwnerId()) : null, contact.getNotes(),
					contact.isNameEdited(), contact.isNoLongerInOutlook(), contact.getCreatedAt(),
					contact.getUpdatedAt(), sources, notes.findByContactIdOrderByCreatedAtDescIdDesc(id), phones,
					emails);
		});
	}

}
