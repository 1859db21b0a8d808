package com.whiskeysocket.crm.contacts;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.whiskeysocket.crm.contacts.SqlArguments.args;
import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rows of a person besides {@code contacts}: numbers, emails, what knows each, and
 * identities. Every writer of numbers and emails goes through here, in batches: the page
 * merge, the file merge, the forms and the API.
 */
@Component
class PersonRows {

	/** Values per IN list. */
	static final int CHUNK = 1000;

	private final JdbcTemplate jdbc;

	PersonRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The contact that has each number, by {@code contact_phones}; numbers no contact has
	 * are absent.
	 * @param digits normalized numbers
	 * @param lock whether to lock the number rows until the transaction ends
	 * @return contact ids by number
	 */
	Map<String, Long> ownersOf(Collection<String> digits, boolean lock) {
		Map<String, Long> owners = new HashMap<>();
		List<String> all = new ArrayList<>(digits);
		for (int from = 0; from < all.size(); from += CHUNK) {
			List<String> chunk = all.subList(from, Math.min(from + CHUNK, all.size()));
			jdbc.query("SELECT phone, contact_id FROM contact_phones WHERE phone IN (" + placeholders(chunk.size())
					+ ")" + (lock ? " ORDER BY phone FOR UPDATE" : ""), (rs) -> {
						owners.put(rs.getString("phone"), rs.getLong("contact_id"));
					}, chunk.toArray());
		}
		return owners;
	}

	/** New numbers; one already another contact's fails the whole batch. */
	void insertPhones(List<PhoneRow> rows) {
		jdbc.batchUpdate("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
				+ "VALUES (?, ?, ?, ?, ?)", rows, rows.size(), (ps, row) -> {
					ps.setString(1, row.phone());
					ps.setLong(2, row.contactId());
					ps.setString(3, row.label());
					ps.setBoolean(4, row.primary());
					ps.setObject(5, row.at());
				});
	}

	/** Numbers that may exist already (then left as they are). */
	void ensurePhones(List<PhoneRow> rows) {
		jdbc.batchUpdate(
				"INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
						+ "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE phone = phone",
				rows, rows.size(), (ps, row) -> {
					ps.setString(1, row.phone());
					ps.setLong(2, row.contactId());
					ps.setString(3, row.label());
					ps.setBoolean(4, row.primary());
					ps.setObject(5, row.at());
				});
	}

	/** Records that a source knows numbers (again: nothing changes then). */
	void addPhoneSources(Collection<String> phones, KnownBy by, LocalDateTime now) {
		List<String> all = new ArrayList<>(phones);
		jdbc.batchUpdate("INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at) "
				+ "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE phone = phone", all, all.size(), (ps, phone) -> {
					ps.setString(1, phone);
					ps.setString(2, by.origin().code());
					ps.setLong(3, by.staffUserId());
					ps.setObject(4, now);
				});
	}

	/** Emails that may exist already (then left as they are). */
	void ensureEmails(List<EmailRow> rows) {
		jdbc.batchUpdate(
				"INSERT INTO contact_emails (contact_id, email_key, email, label, is_primary, created_at) "
						+ "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE email_key = email_key",
				rows, rows.size(), (ps, row) -> {
					ps.setLong(1, row.contactId());
					ps.setString(2, Emails.key(row.address()));
					ps.setString(3, row.address());
					ps.setString(4, row.label());
					ps.setBoolean(5, row.primary());
					ps.setObject(6, row.at());
				});
	}

	/**
	 * Of these numbers, those a source does not know yet (read before
	 * {@link #addPhoneSources}, to tell which people a page changes).
	 */
	Set<String> unknownTo(Collection<String> phones, KnownBy by) {
		Set<String> unknown = new HashSet<>(phones);
		List<String> all = new ArrayList<>(phones);
		for (int from = 0; from < all.size(); from += CHUNK) {
			List<String> chunk = all.subList(from, Math.min(from + CHUNK, all.size()));
			jdbc.query("SELECT phone FROM contact_phone_sources WHERE source = ? AND staff_user_id = ? AND phone IN ("
					+ placeholders(chunk.size()) + ")", (rs) -> {
						unknown.remove(rs.getString("phone"));
					}, args(by.origin().code(), by.staffUserId(), chunk));
		}
		return unknown;
	}

	/**
	 * The people given an email a source does not know for them yet (read before
	 * {@link #ensureEmails} and {@link #addEmailSources}).
	 */
	Set<Long> withEmailsUnknownTo(List<EmailRow> rows, KnownBy by) {
		Set<List<Object>> unknown = new HashSet<>();
		rows.forEach((row) -> unknown.add(List.of(row.contactId(), Emails.key(row.address()))));
		List<Long> ids = rows.stream().map(EmailRow::contactId).distinct().toList();
		for (int from = 0; from < ids.size(); from += CHUNK) {
			List<Long> chunk = ids.subList(from, Math.min(from + CHUNK, ids.size()));
			jdbc.query("SELECT contact_id, email_key FROM contact_email_sources WHERE source = ? AND staff_user_id = ? "
					+ "AND contact_id IN (" + placeholders(chunk.size()) + ")", (rs) -> {
						unknown.remove(List.of(rs.getLong("contact_id"), rs.getString("email_key")));
					}, args(by.origin().code(), by.staffUserId(), chunk));
		}
		Set<Long> people = new HashSet<>();
		unknown.forEach((key) -> people.add((Long) key.get(0)));
		return people;
	}

	/** Records that a source knows emails (again: nothing changes then). */
	void addEmailSources(List<EmailRow> rows, KnownBy by, LocalDateTime now) {
		jdbc.batchUpdate(
				"INSERT INTO contact_email_sources (contact_id, email_key, source, staff_user_id, created_at) "
						+ "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE source = source",
				rows, rows.size(), (ps, row) -> {
					ps.setLong(1, row.contactId());
					ps.setString(2, Emails.key(row.address()));
					ps.setString(3, by.origin().code());
					ps.setLong(4, by.staffUserId());
					ps.setObject(5, now);
				});
	}

	/**
	 * A source no longer knows these contacts' numbers and emails (its entry for them was
	 * removed); the numbers and emails themselves stay.
	 * @param contactIds the contacts
	 * @param by the source
	 */
	void forgetSources(Collection<Long> contactIds, KnownBy by) {
		List<Long> ids = new ArrayList<>(contactIds);
		for (int from = 0; from < ids.size(); from += CHUNK) {
			List<Long> chunk = ids.subList(from, Math.min(from + CHUNK, ids.size()));
			jdbc.update("DELETE FROM contact_phone_sources WHERE source = ? AND staff_user_id = ? AND phone IN "
					+ "(SELECT phone FROM contact_phones WHERE contact_id IN (" + placeholders(chunk.size()) + "))",
					args(by.origin().code(), by.staffUserId(), chunk));
			jdbc.update("DELETE FROM contact_email_sources WHERE source = ? AND staff_user_id = ? AND contact_id IN ("
					+ placeholders(chunk.size()) + ")", args(by.origin().code(), by.staffUserId(), chunk));
		}
	}

	/** A contact's numbers, the primary first, each with what knows it. */
	List<ContactPhone> phones(long contactId) {
		Map<String, List<KnownBy>> sources = new HashMap<>();
		jdbc.query("SELECT s.phone, s.source, s.staff_user_id FROM contact_phone_sources s "
				+ "JOIN contact_phones p ON p.phone = s.phone WHERE p.contact_id = ? ORDER BY s.created_at, s.source",
				(rs) -> {
					sources.computeIfAbsent(rs.getString("phone"), (k) -> new ArrayList<>())
						.add(new KnownBy(Origin.fromCode(rs.getString("source")), rs.getLong("staff_user_id")));
				}, contactId);
		return jdbc.query(
				"SELECT phone, label, is_primary FROM contact_phones WHERE contact_id = ? "
						+ "ORDER BY is_primary DESC, created_at, phone",
				(rs, n) -> new ContactPhone(rs.getString("phone"), rs.getString("label"), rs.getBoolean("is_primary"),
						sources.getOrDefault(rs.getString("phone"), List.of())),
				contactId);
	}

	/** A contact's emails, the primary first, each with what knows it. */
	List<ContactEmail> emails(long contactId) {
		Map<String, List<KnownBy>> sources = new LinkedHashMap<>();
		jdbc.query("SELECT email_key, source, staff_user_id FROM contact_email_sources WHERE contact_id = ? "
				+ "ORDER BY created_at, source", (rs) -> {
					sources.computeIfAbsent(rs.getString("email_key"), (k) -> new ArrayList<>())
						.add(new KnownBy(Origin.fromCode(rs.getString("source")), rs.getLong("staff_user_id")));
				}, contactId);
		return jdbc.query(
				"SELECT email_key, email, label, is_primary FROM contact_emails WHERE contact_id = ? "
						+ "ORDER BY is_primary DESC, created_at, email_key",
				(rs, n) -> new ContactEmail(rs.getString("email"), rs.getString("label"), rs.getBoolean("is_primary"),
						sources.getOrDefault(rs.getString("email_key"), List.of())),
				contactId);
	}

	/**
	 * The numbers of several contacts at once, each as {@link #phones(long)} reads them.
	 * @param contactIds at most {@link #CHUNK}
	 * @return by contact id; a contact without numbers is absent
	 */
	Map<Long, List<ContactPhone>> phones(List<Long> contactIds) {
		Map<String, List<KnownBy>> sources = new HashMap<>();
		jdbc.query("SELECT s.phone, s.source, s.staff_user_id FROM contact_phone_sources s "
				+ "JOIN contact_phones p ON p.phone = s.phone WHERE p.contact_id IN (" + placeholders(contactIds.size())
				+ ") ORDER BY s.created_at, s.source", (rs) -> {
					sources.computeIfAbsent(rs.getString("phone"), (k) -> new ArrayList<>())
						.add(new KnownBy(Origin.fromCode(rs.getString("source")), rs.getLong("staff_user_id")));
				}, contactIds.toArray());
		Map<Long, List<ContactPhone>> phones = new HashMap<>();
		jdbc.query(
				"SELECT contact_id, phone, label, is_primary FROM contact_phones WHERE contact_id IN ("
						+ placeholders(contactIds.size()) + ") ORDER BY contact_id, is_primary DESC, created_at, phone",
				(rs) -> {
					phones.computeIfAbsent(rs.getLong("contact_id"), (k) -> new ArrayList<>())
						.add(new ContactPhone(rs.getString("phone"), rs.getString("label"), rs.getBoolean("is_primary"),
								sources.getOrDefault(rs.getString("phone"), List.of())));
				}, contactIds.toArray());
		return phones;
	}

	/**
	 * The emails of several contacts at once, each as {@link #emails(long)} reads them.
	 * @param contactIds at most {@link #CHUNK}
	 * @return by contact id; a contact without emails is absent
	 */
	Map<Long, List<ContactEmail>> emails(List<Long> contactIds) {
		Map<Map.Entry<Long, String>, List<KnownBy>> sources = new HashMap<>();
		jdbc.query(
				"SELECT contact_id, email_key, source, staff_user_id FROM contact_email_sources WHERE contact_id IN ("
						+ placeholders(contactIds.size()) + ") ORDER BY created_at, source",
				(rs) -> {
					sources
						.computeIfAbsent(Map.entry(rs.getLong("contact_id"), rs.getString("email_key")),
								(k) -> new ArrayList<>())
						.add(new KnownBy(Origin.fromCode(rs.getString("source")), rs.getLong("staff_user_id")));
				}, contactIds.toArray());
		Map<Long, List<ContactEmail>> emails = new HashMap<>();
		jdbc.query("SELECT contact_id, email_key, email, label, is_primary FROM contact_emails WHERE contact_id IN ("
				+ placeholders(contactIds.size()) + ") ORDER BY contact_id, is_primary DESC, created_at, email_key",
				(rs) -> {
					long contactId = rs.getLong("contact_id");
					emails.computeIfAbsent(contactId, (k) -> new ArrayList<>())
						.add(new ContactEmail(rs.getString("email"), rs.getString("label"), rs.getBoolean("is_primary"),
								sources.getOrDefault(Map.entry(contactId, rs.getString("email_key")), List.of())));
				}, contactIds.toArray());
		return emails;
	}

	/** A contact's identities, most recently seen first. */
	List<Identity> identities(long contactId) {
		return jdbc
			.query("SELECT provider, staff_user_id, external_id, change_key, folder_id, first_seen_at, last_seen_at "
					+ "FROM contact_links WHERE contact_id = ? ORDER BY last_seen_at DESC, staff_user_id, external_id",
					(rs, n) -> new Identity(Provider.fromCode(rs.getString("provider")), rs.getLong("staff_user_id"),
							rs.getString("external_id"), rs.getString("change_key"), rs.getString("folder_id"),
							instant(rs.getTimestamp("first_seen_at")), instant(rs.getTimestamp("last_seen_at"))),
					contactId);
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC) : null;
	}

	/**
	 * A number to write.
	 *
	 * @param phone E.164 digits
	 * @param contactId whose
	 * @param label its label or {@code null}
	 * @param primary whether it is the contact's primary number
	 * @param at when
	 */
	record PhoneRow(String phone, long contactId, String label, boolean primary, LocalDateTime at) {
	}

	/**
	 * An email to write.
	 *
	 * @param contactId whose
	 * @param address the cleaned address
	 * @param label its label or {@code null}
	 * @param primary whether it is the contact's primary email
	 * @param at when
	 */
	record EmailRow(long contactId, String address, String label, boolean primary, LocalDateTime at) {
	}

}
