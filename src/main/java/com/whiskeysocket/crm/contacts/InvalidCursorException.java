package com.whiskeysocket.crm.contacts;

/** A {@code since} that no call of the change feed gave. */
class InvalidCursorException extends RuntimeException {

	InvalidCursorException() {
		super(null, null, false, false);
	}

}
