package com.whiskeysocket.crm.contacts;

import org.springframework.http.HttpStatus;

/**
 * A merge or an undo that cannot be done, with why in words a person understands; nothing
 * was changed.
 */
class MergeRefusedException extends RuntimeException {

	private final HttpStatus status;

	private final String error;

	private final String messageCode;

	private final transient Object[] args;

	MergeRefusedException(HttpStatus status, String error, String messageCode, Object... args) {
		super(error, null, false, false);
		this.status = status;
		this.error = error;
		this.messageCode = messageCode;
		this.args = args;
	}

	static MergeRefusedException invalid(String error, String messageCode, Object... args) {
		return new MergeRefusedException(HttpStatus.BAD_REQUEST, error, messageCode, args);
	}

	static MergeRefusedException conflict(String error, String messageCode, Object... args) {
		return new MergeRefusedException(HttpStatus.CONFLICT, error, messageCode, args);
	}

	static MergeRefusedException notFound(String messageCode, Object... args) {
		return new MergeRefusedException(HttpStatus.NOT_FOUND, "not_found", messageCode, args);
	}

	HttpStatus status() {
		return status;
	}

	/** A stable code for scripts, e.g. {@code already_merged}. */
	String error() {
		return error;
	}

	String messageCode() {
		return messageCode;
	}

	Object[] args() {
		return args;
	}

}
