package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.whiskeysocket.crm.text.CleanText;

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
 * @param version the contact's version when the edit form was loaded ({@code null} for a
 * new contact; an edit without it is not checked for conflicts)
 */
record ContactForm(@NotBlank @Size(max = 500) String name, @Size(max = 60) String phone,
		@Email @Size(max = 320) String email, @Size(max = 255) String company, @NotNull LeadStatus leadStatus,
		@Size(max = 5000) String notes, Boolean keepName, Long ownerId, Long version) {

	/**
	 * Text is cleaned as it is bound, before validation: a name of zero-width or control
	 * characters only is empty, hence refused.
	 */
	ContactForm {
		name = CleanText.line(name);
		phone = CleanText.line(phone);
		email = CleanText.line(email);
		company = CleanText.line(company);
		notes = CleanText.lines(notes);
	}

	/** A new contact belongs to whoever adds it, until they pick someone else. */
	static ContactForm empty(long ownerId) {
		return new ContactForm("", "", "", "", LeadStatus.NEW, "", true, ownerId, null);
	}

	static ContactForm of(Contact contact, String displayPhone) {
		return new ContactForm(contact.getName(), displayPhone, contact.getEmail(), contact.getCompany(),
				contact.getLeadStatus(), contact.getNotes(), contact.isNameEdited(), contact.getOwnerId(),
				contact.getVersion());
	}

	/**
	 * The fields in which this input differs from the contact as it is stored now, for
	 * the conflict page.
	 * @param current the stored contact
	 * @param staffNames owner names by id
	 * @param phoneNumbers to tell one number written two ways from two numbers
	 * @return the differing fields, in form order
	 */
	List<Difference> differencesFrom(ContactForm current, Map<Long, String> staffNames, PhoneNumbers phoneNumbers) {
		List<Difference> differences = new ArrayList<>();
		add(differences, "name", name, current.name);
		PhoneNumbers.Result mine = phoneNumbers.normalize(phone);
		if (!mine.isValid() || !mine.digits().equals(phoneNumbers.normalize(current.phone).digits())) {
			add(differences, "phone", phone, current.phone);
		}
		add(differences, "email", email, current.email);
		add(differences, "company", company, current.company);
		add(differences, "leadStatus", (leadStatus != null) ? leadStatus.code() : null,
				(current.leadStatus != null) ? current.leadStatus.code() : null);
		add(differences, "owner", (ownerId != null) ? staffNames.get(ownerId) : null,
				(current.ownerId != null) ? staffNames.get(current.ownerId) : null);
		add(differences, "notes", notes, current.notes);
		return differences;
	}

	private static void add(List<Difference> differences, String field, String mine, String current) {
		String a = (mine == null || mine.isBlank()) ? null : mine.strip();
		String b = (current == null || current.isBlank()) ? null : current.strip();
		if (!Objects.equals(a, b)) {
			differences.add(new Difference(field, a, b));
		}
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

	/**
	 * One field of a stale edit: what the person typed and what is stored now.
	 *
	 * @param field {@code name}, {@code phone}, {@code email}, {@code company},
	 * {@code leadStatus} (values are status codes), {@code owner} (names) or
	 * {@code notes}
	 * @param mine their input, {@code null} if empty
	 * @param current the stored value, {@code null} if empty
	 */
	record Difference(String field, String mine, String current) {
	}

}
