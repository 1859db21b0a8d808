package com.whiskeysocket.crm.sync;

/**
 * The run's lease expired and another node took the run over: this node must stop working
 * on it and record nothing more.
 */
public class SyncLeaseLostException extends RuntimeException {

	SyncLeaseLostException(long runId) {
		super("sync run " + runId + " was taken over by another node");
	}

}
