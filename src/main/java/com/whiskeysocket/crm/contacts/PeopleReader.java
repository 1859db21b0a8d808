package com.whiskeysocket.crm.contacts;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

/**
 * The numbers, emails and identities of a page of contacts in one query each, as the JSON
 * API lists them ({@link People} reads one contact's).
 */
@Component
class PeopleReader {

	private final JdbcTemplate jdbc;

	PeopleReader(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Everything of these contacts.
	 * @param contactIds the contacts, at most a page of them
	 * @return their numbers, emails and identities by contact id
	 */
	Map<Long, Person> read(List<Long> contactIds) {
		Map<Long, Person> people = new HashMap<>();
		if (contactIds.isEmpty()) {
			return people;
		}
		contactIds.forEach((id) -> people.put(id, new Person(new ArrayList<>(), new ArrayList<>(), new ArrayList<>())));
		String in = placeholders(contactIds.size());
		Object[] ids = contactIds.toArray();
		Map<String, List<KnownBy>> phoneSources = new HashMap<>();
		jdbc.query("SELECT s.phone, s.source, s.staff_user_id FROM contact_phone_sources s "
				+ "JOIN contact_phones p ON p.phone = s.phone WHERE p.contact_id IN (" + in + ") "
				+ "ORDER BY s.created_at, s.source", (rs) -> {
					phoneSources.computeIfAbsent(rs.getString("phone"), (k) -> new ArrayList<>())
						.add(new KnownBy(Origin.fromCode(rs.getString("source")), rs.getLong("staff_user_id")));
				}, ids);
		jdbc.query("SELECT contact_id, phone, label, is_primary FROM contact_phones WHERE contact_id IN (" + in
				+ ") ORDER BY contact_id, is_primary DESC, created_at, phone", (rs) -> {
					people.get(rs.getLong("contact_id"))
						.phones()
						.add(new ContactPhone(rs.getString("phone"), rs.getString("label"), rs.getBoolean("is_primary"),
								phoneSources.getOrDefault(rs.getString("phone"), List.of())));
				}, ids);
		Map<String, List<KnownBy>> emailSources = new HashMap<>();
		jdbc.query("SELECT contact_id, email_key, source, staff_user_id FROM contact_email_sources "
				+ "WHERE contact_id IN (" + in + ") ORDER BY created_at, source", (rs) -> {
					emailSources
						.computeIfAbsent(rs.getLong("contact_id") + " " + rs.getString("email_key"),
								(k) -> new ArrayList<>())
						.add(new KnownBy(Origin.fromCode(rs.getString("source")), rs.getLong("staff_user_id")));
				}, ids);
		jdbc.query("SELECT contact_id, email_key, email, label, is_primary FROM contact_emails WHERE contact_id IN ("
				+ in + ") ORDER BY contact_id, is_primary DESC, created_at, email_key", (rs) -> {
					long id = rs.getLong("contact_id");
					people.get(id)
						.emails()
						.add(new ContactEmail(rs.getString("email"), rs.getString("label"), rs.getBoolean("is_primary"),
								emailSources.getOrDefault(id + " " + rs.getString("email_key"), List.of())));
				}, ids);
		jdbc.query("SELECT contact_id, provider, staff_user_id, external_id, change_key, folder_id, first_seen_at, "
				+ "last_seen_at FROM contact_links WHERE contact_id IN (" + in + ") "
				+ "ORDER BY contact_id, last_seen_at DESC, staff_user_id, external_id", (rs) -> {
					people.get(rs.getLong("contact_id"))
						.identities()
						.add(new Identity(Provider.fromCode(rs.getString("provider")), rs.getLong("staff_user_id"),
								rs.getString("external_id"), rs.getString("change_key"), rs.getString("folder_id"),
								instant(rs.getTimestamp("first_seen_at")), instant(rs.getTimestamp("last_seen_at"))));
				}, ids);
		return people;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC) : null;
	}

	/**
	 * One contact's numbers, emails and identities.
	 *
	 * @param phones the primary first
	 * @param emails the primary first
	 * @param identities most recently seen first
	 */
	record Person(List<ContactPhone> phones, List<ContactEmail> emails, List<Identity> identities) {
	}

}
