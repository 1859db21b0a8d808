package com.whiskeysocket.crm.outlook;

import com.whiskeysocket.crm.sync.SyncFailedException;

/** Microsoft failed during a sync; pages merged before the failure stay merged. */
class OutlookSyncFailedException extends SyncFailedException {

	OutlookSyncFailedException(GraphException cause) {
		super(cause.code(), cause);
	}

	String code() {
		return ((GraphException) getCause()).code();
	}

}
