package com.whiskeysocket.crm.sync;

/** A sync API call with a parameter out of range or of the wrong kind. */
public class InvalidSyncRequestException extends RuntimeException {

	private final String error;

	private final String messageCode;

	InvalidSyncRequestException(String error, String messageCode) {
		super(error);
		this.error = error;
		this.messageCode = messageCode;
	}

	String error() {
		return error;
	}

	String messageCode() {
		return messageCode;
	}

}
