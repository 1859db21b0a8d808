package com.whiskeysocket.crm.outlook;

/** Microsoft failed during a sync; pages merged before the failure stay merged. */
class OutlookSyncFailedException extends RuntimeException {

	OutlookSyncFailedException(GraphException cause) {
		super(cause.code(), cause);
	}

	String code() {
		return ((GraphException) getCause()).code();
	}

}
