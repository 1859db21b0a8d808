package com.whiskeysocket.crm.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The field-by-field merge of a person edited in the CRM and in an address book, against
 * the version the CRM last wrote there (the base): a field changed on one side only takes
 * that side's value; changed on both, the CRM's value wins if a person typed it in the
 * CRM, else the address book's, and the value that lost is reported so it can be kept in
 * the contact's history. Numbers and emails are merged entry by entry: one added on
 * either side is kept, one removed on either side (and unchanged on the other) goes.
 */
public final class ThreeWayMerge {

	private ThreeWayMerge() {
	}

	/**
	 * The merge's result.
	 *
	 * @param entry the merged values
	 * @param losses the values that lost a conflict, with the side they came from
	 */
	public record Merged(AddressBookEntry entry, List<Loss> losses) {

	}

	/**
	 * A value that lost.
	 *
	 * @param field {@code givenName}, {@code familyName}, {@code company}, {@code note},
	 * {@code phone} or {@code email}
	 * @param value the losing value
	 * @param fromCrm whether it was the CRM's (else the address book's)
	 */
	public record Loss(String field, String value, boolean fromCrm) {

	}

	/**
	 * Merges the CRM's and the address book's versions of a person.
	 * @param base what the CRM last wrote, or {@code null} if it never wrote this copy
	 * @param crm the CRM's values now
	 * @param book the address book's values now
	 * @param typed whether the CRM's change was typed by a person (page, API)
	 * @return the merged values and what lost
	 */
	public static Merged merge(AddressBookEntry base, AddressBookEntry crm, AddressBookEntry book, boolean typed) {
		List<Loss> losses = new ArrayList<>();
		String given = field("givenName", (base != null) ? base.givenName() : null, crm.givenName(), book.givenName(),
				typed, losses);
		String family = field("familyName", (base != null) ? base.familyName() : null, crm.familyName(),
				book.familyName(), typed, losses);
		String company = field("company", (base != null) ? base.company() : null, crm.company(), book.company(), typed,
				losses);
		String note = field("note", (base != null) ? base.note() : null, crm.note(), book.note(), typed, losses);
		List<AddressBookEntry.Value> phones = values("phone", (base != null) ? base.phones() : null, crm.phones(),
				book.phones(), typed, losses);
		List<AddressBookEntry.Value> emails = values("email", (base != null) ? base.emails() : null, crm.emails(),
				book.emails(), typed, losses);
		return new Merged(new AddressBookEntry(given, family, company, phones, emails, note), List.copyOf(losses));
	}

	/**
	 * One field: the side that changed it, or on a conflict the CRM if typed, else the
	 * address book.
	 */
	static String field(String name, String base, String crm, String book, boolean typed, List<Loss> losses) {
		if (Objects.equals(crm, book)) {
			return crm;
		}
		if (Objects.equals(crm, base)) {
			return book;
		}
		if (Objects.equals(book, base)) {
			return crm;
		}
		String winner = typed ? crm : book;
		String loser = typed ? book : crm;
		if (loser != null) {
			losses.add(new Loss(name, loser, !typed));
		}
		return winner;
	}

	private static List<AddressBookEntry.Value> values(String name, List<AddressBookEntry.Value> base,
			List<AddressBookEntry.Value> crm, List<AddressBookEntry.Value> book, boolean typed, List<Loss> losses) {
		Map<String, AddressBookEntry.Value> before = byKey((base != null) ? base : List.of());
		Map<String, AddressBookEntry.Value> ours = byKey(crm);
		Map<String, AddressBookEntry.Value> theirs = byKey(book);
		Map<String, AddressBookEntry.Value> merged = new LinkedHashMap<>();
		// the CRM's order first (its primary stays first), then what only the book has
		for (Map.Entry<String, AddressBookEntry.Value> entry : ours.entrySet()) {
			String key = entry.getKey();
			AddressBookEntry.Value mine = entry.getValue();
			AddressBookEntry.Value other = theirs.get(key);
			AddressBookEntry.Value was = before.get(key);
			if (other == null) {
				if (was == null) {
					merged.put(key, mine); // added in the CRM
				}
				else if (!Objects.equals(was.label(), mine.label()) && typed) {
					// removed there, relabelled here by a person: the CRM's edit stands
					merged.put(key, mine);
				}
				// else removed in the address book: it goes
				continue;
			}
			String label = field(name + "Label", (was != null) ? was.label() : null, mine.label(), other.label(), typed,
					new ArrayList<>());
			merged.put(key, new AddressBookEntry.Value(mine.value(), label));
		}
		for (Map.Entry<String, AddressBookEntry.Value> entry : theirs.entrySet()) {
			String key = entry.getKey();
			if (merged.containsKey(key) || ours.containsKey(key)) {
				continue;
			}
			if (!before.containsKey(key)) {
				merged.put(key, entry.getValue()); // added in the address book
			}
			// else removed in the CRM and still as written there: it goes
		}
		return new ArrayList<>(merged.values());
	}

	private static Map<String, AddressBookEntry.Value> byKey(List<AddressBookEntry.Value> values) {
		Map<String, AddressBookEntry.Value> byKey = new LinkedHashMap<>();
		values.forEach((value) -> byKey.putIfAbsent(value.key(), value));
		return byKey;
	}

}
