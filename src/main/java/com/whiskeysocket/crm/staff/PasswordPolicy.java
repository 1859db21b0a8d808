package com.whiskeysocket.crm.staff;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;
import org.springframework.validation.Errors;

/**
 * The rules every password chosen for an account obeys: a new staff member's, a changed
 * one, and the first admin's {@code CRM_ADMIN_PASSWORD}.
 * <ul>
 * <li>12 to 128 characters, counted as Unicode code points (an emoji is one);</li>
 * <li>not the username, and the username does not count towards the 12: what is left with
 * every occurrence of it removed (ignoring case) must still have 12 characters, so
 * {@code sari12345678} is refused but a long passphrase that happens to hold the name is
 * not;</li>
 * <li>not one of the most common passwords ({@code staff/common-passwords.txt}, compared
 * ignoring case and trailing punctuation), nor one short piece repeated
 * ({@code abcabcabcabc}).</li>
 * </ul>
 * Hashes are PBKDF2, which takes any length, so 128 is a limit on abuse, not on the
 * algorithm.
 */
@Component
public class PasswordPolicy {

	static final int MIN_LENGTH = 12;

	static final int MAX_LENGTH = 128;

	private static final Pattern REPEATED = Pattern.compile("(.{1,4})\\1+", Pattern.DOTALL);

	private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\p{Punct}\\s]+$");

	/** Why a password is refused; {@link #code()} is the message key. */
	public enum Violation {

		/** Fewer than 12 or more than 128 characters. */
		LENGTH("password.length", "must have 12 to 128 characters"),

		/** The username, or hardly more than it. */
		USERNAME("password.username", "must not be the username, and must have 12 characters besides the username"),

		/** In the list of common passwords, or one piece repeated. */
		COMMON("password.common", "is one of the most common passwords (or one short piece repeated)");

		private final String code;

		private final String rule;

		Violation(String code, String rule) {
			this.code = code;
			this.rule = rule;
		}

		/** The message key of the field error. */
		public String code() {
			return code;
		}

		/** The rule in plain English, for startup errors. */
		public String rule() {
			return rule;
		}

	}

	private final Set<String> common;

	PasswordPolicy() {
		this.common = load("staff/common-passwords.txt");
	}

	/**
	 * Checks a password someone chose.
	 * @param username the account's sign-in name
	 * @param password the new password
	 * @return the first rule it breaks, if any
	 */
	public Optional<Violation> check(String username, String password) {
		if (password == null) {
			return Optional.of(Violation.LENGTH);
		}
		int length = password.codePointCount(0, password.length());
		if (length < MIN_LENGTH || length > MAX_LENGTH) {
			return Optional.of(Violation.LENGTH);
		}
		String lower = password.toLowerCase(Locale.ROOT);
		if (username != null && !username.isBlank()) {
			String name = username.toLowerCase(Locale.ROOT);
			String rest = lower.replace(name, "");
			if (lower.equals(name) || rest.codePointCount(0, rest.length()) < MIN_LENGTH) {
				return Optional.of(Violation.USERNAME);
			}
		}
		String trimmed = TRAILING_PUNCTUATION.matcher(lower).replaceAll("");
		if (common.contains(lower) || common.contains(trimmed) || REPEATED.matcher(lower).matches()) {
			return Optional.of(Violation.COMMON);
		}
		return Optional.empty();
	}

	/**
	 * Checks a password typed into a form and adds the field error to it.
	 * @param username the account's sign-in name
	 * @param password the new password
	 * @param errors the form's errors
	 * @param field the password's field
	 */
	void validate(String username, String password, Errors errors, String field) {
		if (!errors.hasFieldErrors(field)) {
			check(username, password).ifPresent((violation) -> errors.rejectValue(field, violation.code()));
		}
	}

	private static Set<String> load(String resource) {
		Set<String> passwords = new HashSet<>();
		InputStream in = PasswordPolicy.class.getClassLoader().getResourceAsStream(resource);
		if (in == null) {
			throw new IllegalStateException("Missing " + resource);
		}
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			reader.lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.map((line) -> line.toLowerCase(Locale.ROOT))
				.forEach(passwords::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Set.copyOf(passwords);
	}

}
