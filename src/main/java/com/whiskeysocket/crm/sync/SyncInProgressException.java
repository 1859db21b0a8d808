package com.whiskeysocket.crm.sync;

/** A run of the same provider is already going for this staff member. */
public class SyncInProgressException extends RuntimeException {

	SyncInProgressException() {
		super("a sync is already running");
	}

}
