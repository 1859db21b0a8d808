package com.whiskeysocket.crm.contacts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The list's and the API's "source" filter: where a contact came from
 * ({@code contacts.source}, an address book by its link) or, for {@code import}, a number
 * or email of it that a file import brought.
 */
enum SourceFilter {

	WHATSAPP, GOOGLE, OUTLOOK, BOTH, MANUAL, IMPORT;

	/** The value in URLs and the API, and the suffix of its message key. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The filter of a code, if it is one. */
	static Optional<SourceFilter> parse(String code) {
		return Arrays.stream(values()).filter((filter) -> filter.code().equals(code)).findFirst();
	}

}
