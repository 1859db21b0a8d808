package com.whiskeysocket.crm.imports;

/**
 * What a file's preview found, counted.
 *
 * @param total contacts in the file
 * @param added new contacts
 * @param merges existing contacts the file completes
 * @param unchanged existing contacts the file adds nothing to
 * @param duplicates rows with a number an earlier row has
 * @param noPhone rows without a number
 * @param invalid rows with only invalid numbers
 */
record PreviewCounts(int total, int added, int merges, int unchanged, int duplicates, int noPhone, int invalid) {

	public int count(RowOutcome outcome) {
		return switch (outcome) {
			case NEW -> added;
			case MERGE -> merges;
			case UNCHANGED -> unchanged;
			case DUPLICATE -> duplicates;
			case NO_PHONE -> noPhone;
			case INVALID -> invalid;
		};
	}

	public int problems() {
		return noPhone + invalid;
	}

}
