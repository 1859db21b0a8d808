package com.whiskeysocket.crm.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One person as the write-back puts it into an address book, and as it reads the copy
 * back: names, company, every number and email with its label, and the notes line with
 * the CRM link. Providers map it to their own JSON; nothing here is provider-specific.
 *
 * @param givenName the given name(s), or {@code null}
 * @param familyName the family name, or {@code null}
 * @param company the company, or {@code null}
 * @param phones numbers in E.164 ({@code +6281234567890}) with labels, primary first
 * @param emails addresses with labels, primary first
 * @param note the notes line the CRM writes (its link), or {@code null}
 */
public record AddressBookEntry(String givenName, String familyName, String company, List<Value> phones,
		List<Value> emails, String note) {

	public AddressBookEntry {
		givenName = blankToNull(givenName);
		familyName = blankToNull(familyName);
		company = blankToNull(company);
		note = blankToNull(note);
		phones = List.copyOf(phones);
		emails = List.copyOf(emails);
	}

	/**
	 * A number or an email with its label.
	 *
	 * @param value {@code +6281234567890} or {@code rina@example.com}
	 * @param label {@code mobile}, {@code work}… or {@code null}
	 */
	public record Value(String value, String label) {

		public Value {
			Objects.requireNonNull(value, "value");
			label = blankToNull(label);
		}

		/**
		 * What makes two values the same entry: digits of a number, an address in lower
		 * case.
		 */
		String key() {
			return value.startsWith("+") ? value.replaceAll("[^0-9]", "") : value.toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * A display name split the way address books keep it: the last word is the family
	 * name when there are several.
	 * @param name the name as shown
	 * @return given and family name (the family name {@code null} for a single word)
	 */
	public static String[] split(String name) {
		String trimmed = (name != null) ? name.strip() : "";
		int space = trimmed.lastIndexOf(' ');
		if (space < 0) {
			return new String[] { trimmed.isEmpty() ? null : trimmed, null };
		}
		return new String[] { trimmed.substring(0, space).strip(), trimmed.substring(space + 1) };
	}

	/** The name as one line: given and family names. */
	public String displayName() {
		return String.join(" ", List.of(Objects.toString(givenName, ""), Objects.toString(familyName, ""))).strip();
	}

	/**
	 * This entry with the numbers and emails of {@code other} it lacks added, nothing of
	 * its own changed: what the write-back does to a person the address book already had.
	 */
	AddressBookEntry plusMissingOf(AddressBookEntry other) {
		return new AddressBookEntry(givenName, familyName, company, union(phones, other.phones),
				union(emails, other.emails), note);
	}

	/**
	 * What this entry (a copy as written) and the CRM's values agree on: the CRM's names
	 * and company, the numbers and emails both have. Kept as the base of the next merge,
	 * so what only the address book has reads back into the CRM as a change made there,
	 * and is not taken for something the CRM removed.
	 */
	AddressBookEntry agreedWith(AddressBookEntry crm) {
		return new AddressBookEntry(crm.givenName, crm.familyName, crm.company, common(phones, crm.phones),
				common(emails, crm.emails), note);
	}

	private static List<Value> common(List<Value> mine, List<Value> theirs) {
		List<String> keys = theirs.stream().map(Value::key).toList();
		return mine.stream().filter((value) -> keys.contains(value.key())).toList();
	}

	private static List<Value> union(List<Value> mine, List<Value> theirs) {
		Map<String, Value> all = new LinkedHashMap<>();
		mine.forEach((value) -> all.putIfAbsent(value.key(), value));
		theirs.forEach((value) -> all.putIfAbsent(value.key(), value));
		return new ArrayList<>(all.values());
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

}
