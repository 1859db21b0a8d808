package com.whiskeysocket.crm.contacts;

import java.util.Locale;

/**
 * What can know a number or an email of a contact ({@code contact_phone_sources.source},
 * {@code contact_email_sources.source}): typed by hand, a staff member's Outlook, Google
 * or WhatsApp, or a file a staff member imported.
 */
public enum Origin {

	MANUAL, OUTLOOK, GOOGLE, WHATSAPP, IMPORT;

	/** The value stored in the database and shown in the API ({@code manual}…). */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The origin of a code.
	 * @param code {@code manual}, {@code outlook}, {@code google}, {@code whatsapp} or
	 * {@code import}
	 * @return the origin
	 */
	public static Origin fromCode(String code) {
		return valueOf(code.toUpperCase(Locale.ROOT));
	}

	static Origin of(Provider provider) {
		return valueOf(provider.name());
	}

}
