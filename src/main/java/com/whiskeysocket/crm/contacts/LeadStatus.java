package com.whiskeysocket.crm.contacts;

import java.util.Locale;

/** How far a contact is on the way to a sale. */
public enum LeadStatus {

	NEW, CONTACTED, QUALIFIED, WON, LOST;

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	static LeadStatus fromCode(String code) {
		return valueOf(code.toUpperCase(Locale.ROOT));
	}

}
