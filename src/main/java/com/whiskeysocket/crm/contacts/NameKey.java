package com.whiskeysocket.crm.contacts;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A contact's name and company with case, spacing and accents ignored
 * ({@code "josé  Pérez" + "PT Maju"} → {@code "jose perez | pt maju"}), stored in
 * {@code contacts.name_key}: two contacts with the same key may be one person.
 */
public final class NameKey {

	static final int MAX = 300;

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");

	private static final Pattern SPACES = Pattern.compile("\\s+");

	private NameKey() {
	}

	/**
	 * The key of a name and company.
	 * @param name the name, may be {@code null}
	 * @param company the company, may be {@code null}
	 * @return the key, never {@code null}
	 */
	public static String of(String name, String company) {
		String key = fold(name) + " | " + fold(company);
		return IncomingContact.limit(key, MAX);
	}

	private static String fold(String text) {
		if (text == null) {
			return "";
		}
		String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
		String bare = MARKS.matcher(decomposed).replaceAll("");
		return SPACES.matcher(bare).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
	}

}
