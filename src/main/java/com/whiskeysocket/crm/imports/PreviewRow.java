package com.whiskeysocket.crm.imports;

import java.util.List;

import com.whiskeysocket.crm.contacts.LabeledValue;
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
 * @param numbers every number of the row in the order kept, each with its label and the
 * contact that has it
 * @param emails every email of the row with its label
 */
record PreviewRow(int rowNo, RowOutcome outcome, String name, String phone, String rawPhone, String email,
		String company, LeadStatus status, String notes, Long contactId, String contactName, Integer duplicateOf,
		List<RowNumber> numbers, List<LabeledValue> emails) {

	PreviewRow {
		numbers = (numbers != null) ? List.copyOf(numbers) : List.of();
		emails = (emails != null) ? List.copyOf(emails) : List.of();
	}

	/**
	 * A number of this row that belongs to another contact than the one the row merges
	 * with: the preview names that contact beside it.
	 */
	public boolean elsewhere(RowNumber number) {
		return number.contactId() != null && !number.contactId().equals(contactId);
	}

	public String outcomeCode() {
		return outcome.code();
	}

	public boolean problem() {
		return outcome.problem();
	}

}
