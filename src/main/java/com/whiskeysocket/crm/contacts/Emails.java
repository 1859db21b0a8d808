package com.whiskeysocket.crm.contacts;

import java.util.Locale;
import java.util.regex.Pattern;

import com.whiskeysocket.crm.text.CleanText;

/**
 * Email addresses as stored: cleaned, checked loosely, matched by their lower-cased key.
 */
final class Emails {

	static final int MAX = 320;

	private static final Pattern LOOKS_LIKE_EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+");

	private Emails() {
	}

	/** The address cleaned as typed text is, or {@code null} if blank or too long. */
	static String clean(String address) {
		String clean = (address != null) ? CleanText.line(address) : null;
		return (clean == null || clean.isEmpty() || clean.length() > MAX) ? null : clean;
	}

	/** Whether a cleaned address looks like one ({@code something@somewhere}). */
	static boolean looksValid(String clean) {
		return clean != null && LOOKS_LIKE_EMAIL.matcher(clean).matches();
	}

	/** The lower-cased key contacts are matched by ({@code contact_emails.email_key}). */
	static String key(String address) {
		return address.strip().toLowerCase(Locale.ROOT);
	}

}
