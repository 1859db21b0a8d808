package com.whiskeysocket.crm.contacts;

/**
 * An edit was made on an older version of the contact: someone (or a sync) saved it since
 * the form was loaded. Nothing was saved; the person chooses what to keep.
 */
class EditConflictException extends RuntimeException {

	private final ContactForm current;

	EditConflictException(ContactForm current) {
		super(null, null, false, false);
		this.current = current;
	}

	/** The contact as it is stored now, with its current version. */
	ContactForm current() {
		return current;
	}

}
