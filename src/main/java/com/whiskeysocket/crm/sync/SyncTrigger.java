package com.whiskeysocket.crm.sync;

import java.util.Locale;

/** How a run was started. */
public enum SyncTrigger {

	MANUAL, SCHEDULED;

	String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
