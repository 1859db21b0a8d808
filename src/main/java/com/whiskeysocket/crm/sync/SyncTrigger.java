package com.whiskeysocket.crm.sync;

import java.util.Locale;

/** How a run was started. */
public enum SyncTrigger {

	MANUAL, SCHEDULED,

	/** Asked for through {@link SyncRequests} (a change notification). */
	REQUESTED;

	String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
