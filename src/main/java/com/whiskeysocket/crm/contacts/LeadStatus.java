package com.whiskeysocket.crm.contacts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How far a contact is on the way to a sale. */
public enum LeadStatus {

	NEW, CONTACTED, QUALIFIED, WON, LOST;

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	static LeadStatus fromCode(String code) {
		return valueOf(code.toUpperCase(Locale.ROOT));
	}

	/** A status from a form or URL, or empty if it is none. */
	static Optional<LeadStatus> parse(String code) {
		return Arrays.stream(values()).filter((status) -> status.code().equals(code)).findFirst();
	}

}
