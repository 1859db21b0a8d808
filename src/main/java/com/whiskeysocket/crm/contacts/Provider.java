package com.whiskeysocket.crm.contacts;

import java.util.Locale;

/** An address book a sync brings contacts from. */
public enum Provider {

	OUTLOOK, GOOGLE, WHATSAPP;

	/** The value stored in {@code contact_links.provider}. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The provider of a stored code.
	 * @param code {@code outlook}, {@code google} or {@code whatsapp}
	 * @return the provider
	 */
	public static Provider fromCode(String code) {
		return valueOf(code.toUpperCase(Locale.ROOT));
	}

}
