package com.whiskeysocket.crm.sync;

/** This node is already working on as many runs as it may; try again shortly. */
public class SyncBusyException extends RuntimeException {

	SyncBusyException() {
		super("every sync thread of this node is busy");
	}

}
