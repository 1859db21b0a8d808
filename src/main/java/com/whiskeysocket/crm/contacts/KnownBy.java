package com.whiskeysocket.crm.contacts;

/**
 * One source that knows a number or an email of a contact.
 *
 * @param origin typed by hand, an address book, WhatsApp or an import
 * @param staffUserId whose address book, WhatsApp or import; {@code 0} for none (typed by
 * hand, or known before issue 18 without saying whose)
 */
public record KnownBy(Origin origin, long staffUserId) {

	/** Typed by hand. */
	public static KnownBy manual() {
		return new KnownBy(Origin.MANUAL, 0);
	}

}
