package com.whiskeysocket.crm.imports;

/** A file, or a confirm, that cannot be imported; the message code says why to staff. */
class ImportRejectedException extends RuntimeException {

	private final String messageCode;

	private final transient Object[] args;

	ImportRejectedException(String messageCode, Object... args) {
		super(messageCode);
		this.messageCode = messageCode;
		this.args = args;
	}

	String messageCode() {
		return messageCode;
	}

	Object[] args() {
		return args;
	}

}
