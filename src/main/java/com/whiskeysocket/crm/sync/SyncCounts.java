package com.whiskeysocket.crm.sync;

/**
 * What a run counted.
 *
 * @param added new contacts
 * @param updated changed contacts
 * @param merged WhatsApp contacts joined by an address book
 * @param unchanged contacts already up to date
 * @param skippedNoPhone contacts without a phone number
 * @param skippedInvalidPhone contacts with only invalid numbers
 * @param duplicates further contacts of one address book with a number already seen
 * @param total contacts read
 * @param folders folders read
 * @param removed contacts deleted in the address book and unlinked from it
 */
public record SyncCounts(int added, int updated, int merged, int unchanged, int skippedNoPhone, int skippedInvalidPhone,
		int duplicates, int total, int folders, int removed) {

	public static final SyncCounts NONE = new SyncCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

	public int skipped() {
		return skippedNoPhone + skippedInvalidPhone;
	}

}
