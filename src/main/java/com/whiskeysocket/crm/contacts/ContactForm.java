package com.whiskeysocket.crm.contacts;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What the add and edit forms send. The phone is checked by {@link PhoneNumbers}, not by
 * an annotation, so the field error can say why a number was refused (or which contact
 * has it); it is checked with the other fields, so every error shows at once.
 *
 * @param name shown in the list
 * @param phone as typed
 * @param email optional
 * @param company optional
 * @param leadStatus the lead status
 * @param notes optional free text
 * @param keepName whether syncs must keep this name (set whenever staff change the name)
 * @param ownerId the staff member it is assigned to, or {@code null}
 */
record ContactForm(@NotBlank @Size(max = 500) String name, @Size(max = 60) String phone,
		@Email @Size(max = 320) String email, @Size(max = 255) String company, @NotNull LeadStatus leadStatus,
		@Size(max = 5000) String notes, Boolean keepName, Long ownerId) {

	/** A new contact belongs to whoever adds it, until they pick someone else. */
	static ContactForm empty(long ownerId) {
		return new ContactForm("", "", "", "", LeadStatus.NEW, "", true, ownerId);
	}

	static ContactForm of(Contact contact, String displayPhone) {
		return new ContactForm(contact.getName(), displayPhone, contact.getEmail(), contact.getCompany(),
				contact.getLeadStatus(), contact.getNotes(), contact.isNameEdited(), contact.getOwnerId());
	}

	/** An unticked (or absent) box means the address books may set the name again. */
	public boolean keepsName() {
		return Boolean.TRUE.equals(keepName);
	}

	Contact.ContactDetails details() {
		return new Contact.ContactDetails(name.strip(), blankToNull(email), blankToNull(company), leadStatus,
				blankToNull(notes), ownerId);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
