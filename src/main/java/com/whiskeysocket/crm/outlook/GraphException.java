package com.whiskeysocket.crm.outlook;

/**
 * Graph failed in a way retrying did not fix. The code is ours, for logs and the sync
 * history; Microsoft's message is never kept.
 */
class GraphException extends RuntimeException {

	private final String code;

	GraphException(String code) {
		super(code);
		this.code = code;
	}

	GraphException(String code, Throwable cause) {
		super(code, cause);
		this.code = code;
	}

	String code() {
		return code;
	}

}
