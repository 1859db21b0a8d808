package com.whiskeysocket.crm.text;

import java.text.Normalizer;

/**
 * Cleans text that people type or address books deliver, before it is validated or
 * stored: NFC-normalized (an "é" typed as e + combining accent compares, sorts and
 * searches like the precomposed one), with control characters, bidirectional overrides
 * and isolates (U+202A–U+202E, U+2066–U+2069, which can make a name display as something
 * else) and zero-width characters (U+200B–U+200F, U+2060–U+2064, U+FEFF) removed. A name
 * made only of such characters becomes empty, so the usual "required" check refuses it.
 */
public final class CleanText {

	private CleanText() {
	}

	/**
	 * A single-line value (a name, a company, an email address): line breaks and tabs
	 * become spaces, and blank-looking characters at either end go.
	 * @param text as typed or delivered, may be {@code null}
	 * @return the cleaned text, {@code null} for {@code null}
	 */
	public static String line(String text) {
		return (text != null) ? strip(clean(text, false)) : null;
	}

	/**
	 * Multi-line free text (notes): newlines (CR LF and CR become LF) and tabs are kept.
	 * @param text as typed, may be {@code null}
	 * @return the cleaned text, {@code null} for {@code null}
	 */
	public static String lines(String text) {
		return (text != null) ? clean(text, true) : null;
	}

	private static String clean(String text, boolean multiLine) {
		StringBuilder out = new StringBuilder(text.length());
		int i = 0;
		while (i < text.length()) {
			int cp = text.codePointAt(i);
			i += Character.charCount(cp);
			if (cp == '\r') {
				if (i < text.length() && text.charAt(i) == '\n') {
					continue;
				}
				cp = '\n';
			}
			if (cp == '\n' || cp == '\t' || cp == 0x2028 || cp == 0x2029) {
				out.append(multiLine ? ((cp == '\t') ? '\t' : '\n') : ' ');
			}
			else if (!removed(cp)) {
				out.appendCodePoint(cp);
			}
		}
		return Normalizer.normalize(out, Normalizer.Form.NFC);
	}

	static boolean removed(int cp) {
		int type = Character.getType(cp);
		return type == Character.CONTROL || type == Character.SURROGATE || (cp >= 0x200B && cp <= 0x200F)
				|| (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x180E;
	}

	/**
	 * Strips every kind of space at the ends, also those {@link String#strip()} keeps
	 * (no-break space) and fillers that render as nothing.
	 */
	private static String strip(String text) {
		int start = 0;
		int end = text.length();
		while (start < end && blank(text.codePointAt(start))) {
			start += Character.charCount(text.codePointAt(start));
		}
		while (end > start && blank(text.codePointBefore(end))) {
			end -= Character.charCount(text.codePointBefore(end));
		}
		return text.substring(start, end);
	}

	private static boolean blank(int cp) {
		return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x115F || cp == 0x1160 || cp == 0x3164
				|| cp == 0xFFA0 || cp == 0x2800;
	}

}
