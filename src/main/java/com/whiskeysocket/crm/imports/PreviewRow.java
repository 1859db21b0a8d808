package com.whiskeysocket.crm.imports;

import com.whiskeysocket.crm.contacts.LeadStatus;

/**
 * One row of a file as the preview shows it.
 *
 * @param rowNo its row in the file
 * @param outcome what it would do
 * @param name the file's name, or {@code null}
 * @param phone the normalized number, or {@code null}
 * @param rawPhone the number as the file wrote it, for rows without a valid one
 * @param email may be {@code null}
 * @param company may be {@code null}
 * @param status a new contact's lead status, or {@code null}
 * @param notes a new contact's notes, or {@code null}
 * @param contactId the existing contact it merges with, or {@code null}
 * @param contactName that contact's name
 * @param duplicateOf the earlier row with the same number, or {@code null}
 */
record PreviewRow(int rowNo, RowOutcome outcome, String name, String phone, String rawPhone, String email,
		String company, LeadStatus status, String notes, Long contactId, String contactName, Integer duplicateOf) {

	public String outcomeCode() {
		return outcome.code();
	}

	public boolean problem() {
		return outcome.problem();
	}

}
