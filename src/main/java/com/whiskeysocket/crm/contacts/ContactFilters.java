package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

/**
 * The {@code WHERE} clause of the contact list's search box and filters, and of a bulk
 * selection, written for a million rows: a number typed into the search box is an index
 * range on {@code contact_phones}, an email one on {@code contact_emails}, a name one on
 * {@code contact_name_tokens} (each typed word starts a word of the name).
 */
@Component
class ContactFilters {

	private final PhoneNumbers phoneNumbers;

	/** MySQL and MariaDB compare with case-insensitive collations; H2 needs LOWER(). */
	private final boolean caseSensitiveLike;

	ContactFilters(PhoneNumbers phoneNumbers, IndexHints hints) {
		this.phoneNumbers = phoneNumbers;
		this.caseSensitiveLike = hints.h2();
	}

	/** The ticked contacts, or every contact matching the selection's search. */
	Where where(ContactSelections.Selection selection) {
		if (selection.allMatching()) {
			return where(selection.search());
		}
		if (selection.ids().isEmpty()) {
			return new Where(" WHERE 1 = 0", List.of(), false, List.of());
		}
		return new Where(" WHERE id IN (" + placeholders(selection.ids().size()) + ")",
				new ArrayList<>(selection.ids()), false, List.of());
	}

	/** The contacts matching the search box and the filters. */
	Where where(ContactSearch search) {
		boolean nameSearch = false;
		List<String> namePrefixes = new ArrayList<>();
		List<String> all = new ArrayList<>();
		List<Object> args = new ArrayList<>();
		if (search.source() != null) {
			// "known to" a source: the address books by their ids (a `both` contact is
			// known to WhatsApp and to Google or Outlook), the rest by the source column;
			// known_to_google is (source = 'google' OR google_contact_id IS NOT NULL),
			// known_to_outlook the same for Outlook: indexed virtual columns (V18);
			// known_to_whatsapp is (source 'whatsapp' or 'both', or a WhatsApp link, as a
			// contact added by hand that WhatsApp also knows keeps its source): V32
			switch (search.source()) {
				case GOOGLE -> all.add("known_to_google = TRUE");
				case OUTLOOK -> all.add("known_to_outlook = TRUE");
				case WHATSAPP -> all.add("known_to_whatsapp = TRUE");
				// any number or email a file import brought, as the API's "sources" say:
				// ContactChanges keeps it on the contact row, indexed (V31)
				case IMPORT -> all.add("known_from_import = TRUE");
				default -> {
					all.add("source = ?");
					args.add(search.source().code());
				}
			}
		}
		if (search.status() != null) {
			all.add("lead_status = ?");
			args.add(search.status().code());
		}
		switch (search.owner().kind()) {
			case ANY -> {
			}
			case NONE -> all.add("owner_id IS NULL");
			case ME, STAFF -> {
				all.add("owner_id = ?");
				args.add(search.owner().staffId());
			}
		}
		if (!search.query().isEmpty()) {
			List<String> prefixes = phoneNumbers.searchPrefixes(search.query());
			if (!prefixes.isEmpty()) {
				// any of a contact's numbers: index ranges on contact_phones' key, no
				// name scan; few matches are then read by id
				nameSearch = true;
				List<String> any = new ArrayList<>();
				for (String prefix : prefixes) {
					any.add("phone LIKE ?");
					args.add(prefix + "%");
				}
				all.add("id IN (SELECT contact_id FROM contact_phones WHERE " + String.join(" OR ", any) + ")");
			}
			else if (search.query().contains("@")) {
				// any of a contact's emails, from its start: an index range on the key
				nameSearch = true;
				all.add("id IN (SELECT contact_id FROM contact_emails WHERE email_key LIKE ?)");
				args.add(escapeLike(Emails.key(search.query())) + "%");
			}
			else if (!NameTokens.of(search.query()).isEmpty()) {
				// each typed word starts a word of the name: index ranges on the name's
				// words, no scan of every name
				nameSearch = true;
				boolean onlyNames = all.isEmpty();
				for (String word : NameTokens.of(search.query())) {
					all.add("id IN (SELECT contact_id FROM contact_name_tokens WHERE token LIKE ?)");
					args.add(escapeLike(word) + "%");
					if (onlyNames) {
						namePrefixes.add(escapeLike(word) + "%");
					}
				}
			}
			else {
				// only signs, no word: they are looked for anywhere in the name
				nameSearch = true;
				String pattern = "%" + escapeLike(search.query()) + "%";
				all.add(caseSensitiveLike ? "LOWER(name) LIKE ?" : "name LIKE ?");
				args.add(caseSensitiveLike ? pattern.toLowerCase(Locale.ROOT) : pattern);
			}
		}
		String sql = all.isEmpty() ? "" : " WHERE " + String.join(" AND ", all);
		return new Where(sql, args, nameSearch, namePrefixes);
	}

	private static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	/**
	 * A {@code WHERE} clause, empty or starting with a space.
	 *
	 * @param sql the clause
	 * @param args its arguments
	 * @param nameSearch whether the search box narrows it (few matches may be read by id)
	 * @param namePrefixes the {@code LIKE} patterns of the words of a name when they are
	 * the only condition, else empty
	 */
	record Where(String sql, List<Object> args, boolean nameSearch, List<String> namePrefixes) {

		/**
		 * Whether the words of a name are all it asks for (no other filter): then
		 * {@link #namePrefixes()} holds their {@code LIKE} patterns, in order.
		 */
		boolean onlyNameWords() {
			return !namePrefixes.isEmpty();
		}

	}

}
