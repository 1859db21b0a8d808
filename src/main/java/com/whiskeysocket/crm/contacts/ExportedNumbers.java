package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

/**
 * Every number and email of a page of exported contacts, the primary first, in one query
 * each; what knows them is not read, as no file says it.
 */
@Component
class ExportedNumbers {

	private final JdbcTemplate jdbc;

	ExportedNumbers(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The numbers and emails of these contacts.
	 * @param contactIds at most a page of contacts
	 * @return by contact id; a contact with none is absent
	 */
	Map<Long, Numbers> of(List<Long> contactIds) {
		Map<Long, Numbers> all = new HashMap<>();
		if (contactIds.isEmpty()) {
			return all;
		}
		String in = placeholders(contactIds.size());
		Object[] ids = contactIds.toArray();
		jdbc.query("SELECT contact_id, phone, label, is_primary FROM contact_phones WHERE contact_id IN (" + in
				+ ") ORDER BY contact_id, is_primary DESC, created_at, phone", (rs) -> {
					numbers(all, rs.getLong("contact_id")).phones()
						.add(new ContactPhone(rs.getString("phone"), rs.getString("label"), rs.getBoolean("is_primary"),
								List.of()));
				}, ids);
		jdbc.query("SELECT contact_id, email, label, is_primary FROM contact_emails WHERE contact_id IN (" + in
				+ ") ORDER BY contact_id, is_primary DESC, created_at, email_key", (rs) -> {
					numbers(all, rs.getLong("contact_id")).emails()
						.add(new ContactEmail(rs.getString("email"), rs.getString("label"), rs.getBoolean("is_primary"),
								List.of()));
				}, ids);
		return all;
	}

	private static Numbers numbers(Map<Long, Numbers> all, long contactId) {
		return all.computeIfAbsent(contactId, (id) -> new Numbers(new ArrayList<>(), new ArrayList<>()));
	}

	/**
	 * One contact's numbers and emails.
	 *
	 * @param phones its numbers, the primary first
	 * @param emails its emails, the primary first
	 */
	record Numbers(List<ContactPhone> phones, List<ContactEmail> emails) {

		static final Numbers NONE = new Numbers(List.of(), List.of());

	}

}
