package com.whiskeysocket.crm.contacts;

/**
 * What importing contacts did, counted.
 *
 * @param added new CRM contacts
 * @param updated existing contacts that changed
 * @param merged contacts of another origin that this source joined for the first time (a
 * WhatsApp contact becoming {@code both}, a contact added by hand)
 * @param unchanged contacts already up to date
 * @param skippedNoPhone contacts without any phone number
 * @param skippedInvalidPhone contacts whose phone numbers are all invalid
 * @param duplicates further address-book contacts with a number already taken by another
 * contact of the same address book
 * @param total contacts read
 * @param removed contacts the address book deleted, now unlinked from it
 */
public record ImportCounts(int added, int updated, int merged, int unchanged, int skippedNoPhone,
		int skippedInvalidPhone, int duplicates, int total, int removed) {

	public static final ImportCounts NONE = new ImportCounts(0, 0, 0, 0, 0, 0, 0, 0, 0);

	public ImportCounts plus(ImportCounts other) {
		return new ImportCounts(added + other.added, updated + other.updated, merged + other.merged,
				unchanged + other.unchanged, skippedNoPhone + other.skippedNoPhone,
				skippedInvalidPhone + other.skippedInvalidPhone, duplicates + other.duplicates, total + other.total,
				removed + other.removed);
	}

	public int skipped() {
		return skippedNoPhone + skippedInvalidPhone;
	}

}
