package com.whiskeysocket.crm.sync;

import java.util.Locale;

/** Whose sync a run is. */
public enum SyncProvider {

	OUTLOOK, GOOGLE, WHATSAPP;

	String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
