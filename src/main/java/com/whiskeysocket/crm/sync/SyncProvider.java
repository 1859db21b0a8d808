package com.whiskeysocket.crm.sync;

import java.util.Locale;

/** Whose sync a run is. */
public enum SyncProvider {

	OUTLOOK, GOOGLE, WHATSAPP,

	/** A file of contacts a staff member imported (CSV or vCard); never scheduled. */
	IMPORT;

	String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
