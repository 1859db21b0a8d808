package com.whiskeysocket.crm.contacts;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import org.springframework.stereotype.Component;

/**
 * The one place that turns what people type into the phone number the CRM stores: E.164
 * digits without the {@code +} ({@code 0812-3456-7890} becomes {@code 6281234567890}),
 * the form WhatsApp ids use.
 */
@Component
public class PhoneNumbers {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	/** Longer input is not a phone number; libphonenumber would refuse it anyway. */
	private static final int MAX_INPUT_LENGTH = 250;

	/**
	 * A trunk prefix written inside a number with its country code: {@code +62 (0) 812}.
	 */
	private static final Pattern BRACKETED_TRUNK_ZERO = Pattern.compile("\\(\\s*0\\s*\\)");

	private final String defaultRegion;

	private final int defaultCountryCode;

	public PhoneNumbers(ContactsProperties properties) {
		this.defaultRegion = properties.defaultRegion().toUpperCase(Locale.ROOT);
		this.defaultCountryCode = UTIL.getCountryCodeForRegion(this.defaultRegion);
		if (this.defaultCountryCode == 0) {
			throw new IllegalArgumentException("CRM_DEFAULT_REGION is not a known region: " + this.defaultRegion);
		}
	}

	/**
	 * Normalizes one phone number as typed or as a source sent it.
	 * @param raw the number, possibly with spaces, dashes, brackets, an extension
	 * @return the digits, or why there are none
	 */
	public Result normalize(String raw) {
		if (raw == null || raw.isBlank()) {
			return Result.rejected(Rejection.MISSING);
		}
		String text = raw.strip();
		if (text.length() > MAX_INPUT_LENGTH) {
			return Result.rejected(Rejection.INVALID);
		}
		if (text.chars().noneMatch(Character::isDigit)) {
			// "n/a", "-", "tidak ada": a placeholder, not a number
			return Result.rejected(Rejection.MISSING);
		}
		text = BRACKETED_TRUNK_ZERO.matcher(text).replaceAll(" ");
		if (text.startsWith("00")) {
			// 0062 812…: the international call prefix written out
			text = "+" + text.substring(2);
		}
		PhoneNumber number = parse(text);
		if (number == null && text.chars().allMatch(Character::isDigit) && !text.startsWith("0")) {
			// 14255550100: a WhatsApp id or other E.164 digits written without the '+'
			number = parse("+" + text);
		}
		if (number == null) {
			return Result.rejected(Rejection.INVALID);
		}
		return Result.of(UTIL.format(number, PhoneNumberFormat.E164).substring(1));
	}

	/**
	 * The first of a contact's numbers that is a valid phone, as every import picks it.
	 * @param raws the numbers in order of preference, may be {@code null}
	 * @return the first valid one; otherwise why none is ({@code INVALID} if any number
	 * was invalid, else {@code MISSING})
	 */
	public Result firstUsable(List<String> raws) {
		Result best = null;
		for (String raw : (raws != null) ? raws : List.<String>of()) {
			Result result = normalize(raw);
			if (result.isValid()) {
				return result;
			}
			if (best == null || result.rejection() == Rejection.INVALID) {
				best = result;
			}
		}
		return (best != null) ? best : normalize(null);
	}

	/**
	 * The stored digits in the international format people read,
	 * {@code +62 812-3456-7890}.
	 * @param digits a normalized number
	 * @return the formatted number, or the digits as they are if they no longer parse
	 */
	public String display(String digits) {
		if (digits == null || digits.isEmpty()) {
			return "";
		}
		try {
			return UTIL.format(UTIL.parse("+" + digits, defaultRegion), PhoneNumberFormat.INTERNATIONAL);
		}
		catch (NumberParseException ex) {
			return digits;
		}
	}

	/**
	 * Whether a stored number is a mobile one, which WhatsApp may reach.
	 * @param digits a normalized number
	 * @return {@code true} for mobile numbers and for numbers that may be either (as in
	 * the United States); {@code false} for fixed lines and numbers that no longer parse
	 */
	public boolean isMobile(String digits) {
		if (digits == null || digits.isEmpty()) {
			return false;
		}
		try {
			PhoneNumberUtil.PhoneNumberType type = UTIL.getNumberType(UTIL.parse("+" + digits, defaultRegion));
			return type == PhoneNumberUtil.PhoneNumberType.MOBILE
					|| type == PhoneNumberUtil.PhoneNumberType.FIXED_LINE_OR_MOBILE;
		}
		catch (NumberParseException ex) {
			return false;
		}
	}

	/**
	 * The prefixes of stored numbers that a search text may mean: {@code 081234} and
	 * {@code 81234} find {@code 6281234…}, {@code +1 425} finds {@code 1425…}.
	 * @param query what someone typed in a search box
	 * @return digit prefixes, empty when the text is not number-like
	 */
	public List<String> searchPrefixes(String query) {
		if (query == null) {
			return List.of();
		}
		String text = query.strip();
		if (text.isEmpty() || !text.matches("[+0-9 ()./-]+")) {
			return List.of();
		}
		String digits = text.replaceAll("\\D", "");
		if (digits.length() < 3) {
			return List.of();
		}
		Set<String> prefixes = new LinkedHashSet<>();
		if (text.startsWith("+")) {
			prefixes.add(digits);
		}
		else if (digits.startsWith("00")) {
			prefixes.add(digits.substring(2));
		}
		else if (digits.startsWith("0")) {
			prefixes.add(defaultCountryCode + digits.substring(1));
		}
		else {
			prefixes.add(digits);
			prefixes.add(defaultCountryCode + digits);
		}
		return prefixes.stream().filter((prefix) -> !prefix.isEmpty()).toList();
	}

	private PhoneNumber parse(String text) {
		try {
			PhoneNumber number = UTIL.parse(text, defaultRegion);
			return UTIL.isValidNumber(number) ? number : null;
		}
		catch (NumberParseException ex) {
			return null;
		}
	}

	/** Why a value gave no number. */
	public enum Rejection {

		/** Empty, or a placeholder with no digits such as {@code n/a} or {@code -}. */
		MISSING,

		/** Digits that are not a valid number for any region. */
		INVALID

	}

	/**
	 * Either the normalized digits or the reason there are none.
	 *
	 * @param digits E.164 digits without '+', or {@code null}
	 * @param rejection why there is no number, or {@code null}
	 */
	public record Result(String digits, Rejection rejection) {

		static Result of(String digits) {
			return new Result(digits, null);
		}

		static Result rejected(Rejection rejection) {
			return new Result(null, rejection);
		}

		public boolean isValid() {
			return digits != null;
		}

	}

}
