package com.whiskeysocket.crm.contacts;

import java.util.Locale;
import java.util.Map;

import com.whiskeysocket.crm.text.CleanText;

/**
 * Labels of numbers and emails: the common ones mapped to {@code mobile}, {@code work},
 * {@code home}, {@code main} or {@code other}; any other text a source gives is kept as
 * its own label (up to 64 characters).
 */
public final class Labels {

	static final int MAX = 64;

	private static final Map<String, String> KNOWN = Map.ofEntries(Map.entry("mobile", "mobile"),
			Map.entry("cell", "mobile"), Map.entry("cellular", "mobile"), Map.entry("handphone", "mobile"),
			Map.entry("hp", "mobile"), Map.entry("iphone", "mobile"), Map.entry("work", "work"),
			Map.entry("business", "work"), Map.entry("office", "work"), Map.entry("kantor", "work"),
			Map.entry("home", "home"), Map.entry("rumah", "home"), Map.entry("main", "main"),
			Map.entry("other", "other"), Map.entry("lainnya", "other"));

	private Labels() {
	}

	/**
	 * The label to store.
	 * @param label a source's or a person's label, may be {@code null}
	 * @return one of the common labels, else the text itself cleaned and cut, else
	 * {@code null}
	 */
	public static String normalize(String label) {
		String clean = (label != null) ? CleanText.line(label) : null;
		if (clean == null || clean.isBlank()) {
			return null;
		}
		String known = KNOWN.get(clean.strip().toLowerCase(Locale.ROOT));
		return (known != null) ? known : IncomingContact.limit(clean.strip(), MAX);
	}

}
