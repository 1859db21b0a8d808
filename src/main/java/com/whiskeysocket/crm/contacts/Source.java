package com.whiskeysocket.crm.contacts;

import java.util.Locale;

/**
 * Where a contact came from, as stored in {@code contacts.source}. {@code BOTH} means
 * WhatsApp plus an address book; {@code MANUAL} means typed in by staff or imported from
 * a file ("Added by hand").
 */
public enum Source {

	WHATSAPP, GOOGLE, OUTLOOK, BOTH, MANUAL;

	/** The value stored in the database and used in URLs. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Source fromCode(String code) {
		return valueOf(code.toUpperCase(Locale.ROOT));
	}

}
