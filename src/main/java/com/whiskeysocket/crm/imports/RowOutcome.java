package com.whiskeysocket.crm.imports;

import java.util.Locale;

/** What the preview found a row would do. */
enum RowOutcome {

	/** A number the CRM does not have yet: a new contact. */
	NEW,

	/** A contact the CRM has, which the row would complete (email, company, name). */
	MERGE,

	/** A contact the CRM has, which the row adds nothing to. */
	UNCHANGED,

	/** The same number as an earlier row of the file: skipped. */
	DUPLICATE,

	/** No phone number: skipped. */
	NO_PHONE,

	/** Only invalid numbers: skipped. */
	INVALID;

	String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	static RowOutcome fromCode(String code) {
		return valueOf(code.toUpperCase(Locale.ROOT));
	}

	boolean problem() {
		return this == NO_PHONE || this == INVALID;
	}

}
