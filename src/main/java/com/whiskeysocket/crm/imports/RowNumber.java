package com.whiskeysocket.crm.imports;

/**
 * One number of a file's row, as the preview shows it and the import passes it on.
 *
 * @param value the number as the file wrote it
 * @param label its label ({@code mobile}, {@code work}, the file's own text), or
 * {@code null}
 * @param digits the normalized number if it is a valid one, else {@code null}
 * @param contactId the contact that has this number, or {@code null}
 * @param contactName that contact's name
 */
record RowNumber(String value, String label, String digits, Long contactId, String contactName) {

	public boolean valid() {
		return digits != null;
	}

	/**
	 * The number as the merge is given it: {@code +digits} when valid, else as written.
	 */
	String forMerge() {
		return (digits != null) ? "+" + digits : value;
	}

	RowNumber matched(Long contactId, String contactName) {
		return new RowNumber(value, label, digits, contactId, contactName);
	}

}
