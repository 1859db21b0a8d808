package com.whiskeysocket.crm.sync;

/**
 * A provider's API failed during a run; the pages merged before the failure stay merged.
 * A start that waited for the run answers 502 with the source's
 * {@link ConnectedContactSource#unavailableCode()}.
 */
public class SyncFailedException extends RuntimeException {

	protected SyncFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
