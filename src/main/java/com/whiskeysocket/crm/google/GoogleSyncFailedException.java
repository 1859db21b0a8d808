package com.whiskeysocket.crm.google;

import com.whiskeysocket.crm.sync.SyncFailedException;

/** Google failed mid-way; what was synced before stays. */
class GoogleSyncFailedException extends SyncFailedException {

	GoogleSyncFailedException(GoogleException cause) {
		super(cause.code(), cause);
	}

}
