package com.whiskeysocket.crm.contacts;

import java.util.List;

/**
 * One contact read from a file staff import (a CSV row or a vCard), before its number is
 * normalized.
 *
 * @param row where it is in the file (1 for the first contact), for messages
 * @param name the name the file gives, or {@code null}
 * @param email may be {@code null}
 * @param company may be {@code null}
 * @param phones its numbers in order of preference; the first valid one is used
 * @param status the lead status a new contact gets, or {@code null} for {@code new}
 * @param notes notes a new contact gets, or {@code null}
 */
public record FileContact(int row, String name, String email, String company, List<String> phones, LeadStatus status,
		String notes) {

	/** Notes longer than this are cut. */
	static final int MAX_NOTES = 10_000;

	IncomingContact incoming() {
		return new IncomingContact("row " + row, name, null, null, company, email, phones, null, null);
	}

	/** The file's name as the contact will have it, or {@code null} if it gave none. */
	String normalizedName() {
		return (name == null || name.isBlank()) ? null : IncomingContact.limit(name.strip(), IncomingContact.MAX_NAME);
	}

	String normalizedNotes() {
		return (notes == null || notes.isBlank()) ? null : IncomingContact.limit(notes.strip(), MAX_NOTES);
	}

}
