package com.whiskeysocket.crm.contacts;

/**
 * Where an address book's contacts live in the {@code contacts} table: the source a new
 * contact gets, its id column and its "no longer there" column (neither for WhatsApp,
 * whose id is the number and which never reports a removal).
 */
record AddressBook(Provider provider, Source source, String idColumn, String removedAtColumn) {

	static AddressBook of(Provider provider) {
		return switch (provider) {
			case OUTLOOK -> new AddressBook(provider, Source.OUTLOOK, "outlook_contact_id", "outlook_removed_at");
			case GOOGLE -> new AddressBook(provider, Source.GOOGLE, "google_contact_id", "google_removed_at");
			case WHATSAPP -> new AddressBook(provider, Source.WHATSAPP, null, null);
		};
	}

	/** What knows the numbers and emails this staff member's address book brings. */
	KnownBy knownBy(long staffId) {
		return new KnownBy(Origin.of(provider), staffId);
	}

	/**
	 * A contact this creates belongs to the staff member whose address book brought it.
	 */
	String insertContact() {
		String id = (idColumn != null) ? ", " + idColumn : "";
		String idValue = (idColumn != null) ? "?, " : "";
		return "INSERT INTO contacts (name, phone, email, company, source" + id
				+ ", lead_status, name_edited, owner_id, created_at, updated_at, name_key) VALUES (?, ?, ?, ?, '"
				+ source.code() + "', " + idValue + "'new', FALSE, ?, ?, ?, ?)";
	}

	String updateContact() {
		String id = (idColumn != null) ? idColumn + " = ?, " + removedAtColumn + " = NULL, " : "";
		return "UPDATE contacts SET name = ?, email = ?, company = ?, source = ?, " + id
				+ "name_key = ?, updated_at = ?, version = version + 1 WHERE id = ?";
	}

	/**
	 * The source of a contact this address book no longer knows: {@code both} falls back
	 * to WhatsApp unless the other address book still has it; a contact Google took over
	 * from Outlook goes back to Outlook; anything else keeps its source.
	 */
	Source sourceWithout(MergeRules.Existing contact) {
		String otherId = (provider == Provider.GOOGLE) ? contact.outlookContactId() : contact.googleContactId();
		if (contact.source() == Source.BOTH) {
			return (otherId != null) ? Source.BOTH : Source.WHATSAPP;
		}
		if (provider == Provider.GOOGLE && contact.source() == Source.GOOGLE && otherId != null) {
			return Source.OUTLOOK;
		}
		return contact.source();
	}

}
