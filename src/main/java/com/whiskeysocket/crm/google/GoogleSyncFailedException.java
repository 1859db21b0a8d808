package com.whiskeysocket.crm.google;

/** Google failed mid-way; what was synced before stays. */
class GoogleSyncFailedException extends RuntimeException {

	GoogleSyncFailedException(GoogleException cause) {
		super(cause.code(), cause);
	}

}
