package com.whiskeysocket.crm.contacts;

import java.util.List;

/**
 * One contact read from a file staff import (a CSV row or a vCard), before its number is
 * normalized.
 *
 * @param row where it is in the file (1 for the first contact), for messages
 * @param name the name the file gives, or {@code null}
 * @param emails its email addresses as the file gives them, each with its label (may be
 * empty)
 * @param company may be {@code null}
 * @param phones every number the file gives, in order of preference, each with its label
 * @param status the lead status a new contact gets, or {@code null} for {@code new}
 * @param notes notes a new contact gets, or {@code null}
 */
public record FileContact(int row, String name, List<LabeledValue> emails, String company, List<LabeledValue> phones,
		LeadStatus status, String notes) {

	public FileContact {
		emails = (emails != null) ? List.copyOf(emails) : List.of();
		phones = (phones != null) ? List.copyOf(phones) : List.of();
	}

	/** The first email address, or {@code null}. */
	public String email() {
		return emails.isEmpty() ? null : emails.get(0).value();
	}

	/** The numbers alone, as the file gives them, in order. */
	public List<String> rawPhones() {
		return LabeledValue.values(phones);
	}

	/** Notes longer than this are cut. */
	static final int MAX_NOTES = 10_000;

	IncomingContact incoming() {
		return new IncomingContact("row " + row, name, null, null, company, emails, phones, null, null);
	}

	/** The file's name as the contact will have it, or {@code null} if it gave none. */
	String normalizedName() {
		return (name == null || name.isBlank()) ? null : IncomingContact.limit(name.strip(), IncomingContact.MAX_NAME);
	}

	String normalizedNotes() {
		return (notes == null || notes.isBlank()) ? null : IncomingContact.limit(notes.strip(), MAX_NOTES);
	}

}
