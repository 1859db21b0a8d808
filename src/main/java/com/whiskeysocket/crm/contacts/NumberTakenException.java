package com.whiskeysocket.crm.contacts;

/**
 * A number sent to the JSON API already belongs to another contact: a 409 that names that
 * contact, so a script can add to it instead. Nothing was saved.
 */
class NumberTakenException extends RuntimeException {

	private final String field;

	private final PhoneRejectedException duplicate;

	NumberTakenException(String field, PhoneRejectedException duplicate) {
		super(null, duplicate, false, false);
		this.field = field;
		this.duplicate = duplicate;
	}

	/** The field that holds the number, such as {@code phones[1].number}. */
	String field() {
		return field;
	}

	/** The contact that has the number. */
	PhoneRejectedException duplicate() {
		return duplicate;
	}

}
