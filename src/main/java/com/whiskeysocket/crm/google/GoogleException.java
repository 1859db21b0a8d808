package com.whiskeysocket.crm.google;

/**
 * Google failed in a way retrying did not fix. The code is ours, for logs and the sync
 * history; Google's message is never kept.
 */
class GoogleException extends RuntimeException {

	/** Google forgot the sync token (after 7 days): one full read is needed. */
	static final String SYNC_TOKEN_EXPIRED = "google_sync_token_expired";

	private final String code;

	GoogleException(String code) {
		super(code);
		this.code = code;
	}

	GoogleException(String code, Throwable cause) {
		super(code, cause);
		this.code = code;
	}

	String code() {
		return code;
	}

}
