package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Placeholders and argument arrays for the contacts module's {@code IN (…)} queries. */
final class SqlArguments {

	private SqlArguments() {
	}

	/** {@code ?,?,?} for {@code count} values. */
	static String placeholders(int count) {
		return String.join(",", Collections.nCopies(count, "?"));
	}

	/** The values in order, each collection among them spread out in place. */
	static Object[] args(Object... values) {
		List<Object> all = new ArrayList<>();
		for (Object value : values) {
			if (value instanceof Collection<?> many) {
				all.addAll(many);
			}
			else {
				all.add(value);
			}
		}
		return all.toArray();
	}

}
