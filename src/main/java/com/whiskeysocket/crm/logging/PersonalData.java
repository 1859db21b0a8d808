package com.whiskeysocket.crm.logging;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks phone numbers and email addresses in text bound for a log: {@code 6281234567001}
 * becomes {@code 6281••••••001}, {@code +62 812-3456-7001} becomes
 * {@code +62 81•-••••-•001} and {@code rina.kusuma@example.com} becomes
 * {@code r•••@example.com}. What looks like a phone number is a run of at least 8 digits,
 * or at least 9 digits in groups separated by single spaces, hyphens or brackets (so a
 * date such as 2026-11-26 00:39 and an address such as 10.0.0.1 stay readable).
 */
public final class PersonalData {

	/** Shown instead of each hidden character. */
	public static final char BULLET = '•';

	private static final int KEEP_FIRST = 4;

	private static final int KEEP_LAST = 3;

	/**
	 * Possessive and anchored at the start of a run of address characters, so that long
	 * text without an address is read once.
	 */
	private static final Pattern EMAIL = Pattern
		.compile("(?<![\\p{L}\\p{N}._%+'-])[\\p{L}\\p{N}._%+'-]++@[\\p{L}\\p{N}-]++(?:\\.[\\p{L}\\p{N}-]++)++");

	/**
	 * Possessive, so a long run of digits is never split up again in search of a match.
	 */
	private static final Pattern PHONE = Pattern
		.compile("(?<![\\p{L}\\p{N}])\\+?\\(?\\d++(?:[ ()-]{1,2}+\\d++)*+(?![\\p{L}\\p{N}])");

	/** 2026-11-26 and 2026-11-26 00 (the start of a time) are dates, not numbers. */
	private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(?: \\d{2})?");

	private PersonalData() {
	}

	/**
	 * The text with every phone number and email address in it masked.
	 * @param text any text, may be {@code null}
	 * @return the masked text ({@code null} stays {@code null})
	 */
	public static String mask(String text) {
		if (text == null || text.isEmpty() || !mayContainPersonalData(text)) {
			return text;
		}
		String masked = (text.indexOf('@') >= 0) ? replace(EMAIL.matcher(text), PersonalData::maskEmail) : text;
		return replace(PHONE.matcher(masked), PersonalData::maskPhone);
	}

	/** A cheap check: most log lines have neither an @ nor eight digits. */
	private static boolean mayContainPersonalData(String text) {
		int digits = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '@') {
				return true;
			}
			if (c >= '0' && c <= '9') {
				if (++digits >= 8) {
					return true;
				}
			}
		}
		return false;
	}

	private static String replace(Matcher matcher, UnaryOperator<String> masking) {
		return matcher.replaceAll((found) -> Matcher.quoteReplacement(masking.apply(found.group())));
	}

	private static String maskPhone(String candidate) {
		int digits = 0;
		boolean grouped = false;
		for (int i = 0; i < candidate.length(); i++) {
			char c = candidate.charAt(i);
			if (c >= '0' && c <= '9') {
				digits++;
			}
			else if (c != '+') {
				grouped = true;
			}
		}
		if (digits < (grouped ? 9 : 8) || DATE.matcher(candidate).matches()) {
			return candidate;
		}
		StringBuilder masked = new StringBuilder(candidate.length());
		int seen = 0;
		for (int i = 0; i < candidate.length(); i++) {
			char c = candidate.charAt(i);
			if (c >= '0' && c <= '9') {
				seen++;
				masked.append((seen <= KEEP_FIRST || seen > digits - KEEP_LAST) ? c : BULLET);
			}
			else {
				masked.append(c);
			}
		}
		return masked.toString();
	}

	private static String maskEmail(String email) {
		int at = email.indexOf('@');
		return email.charAt(0) + "" + BULLET + BULLET + BULLET + email.substring(at);
	}

}
