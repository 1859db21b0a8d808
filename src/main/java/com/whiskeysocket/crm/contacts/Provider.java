package com.whiskeysocket.crm.contacts;

import java.util.Locale;

/** An address book a sync brings contacts from. */
public enum Provider {

	OUTLOOK, GOOGLE, WHATSAPP;

	String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
