package com.whiskeysocket.crm.contacts;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.whiskeysocket.crm.contacts.PersonRows.EmailRow;
import com.whiskeysocket.crm.contacts.PersonRows.PhoneRow;

import static com.whiskeysocket.crm.contacts.SqlArguments.args;
import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A contact's numbers, emails and identities: reading them, and replacing the lists as a
 * person edits them (the forms, the API). Replacing keeps {@code contacts.phone} and
 * {@code contacts.email} equal to the primary number and email and raises the contact's
 * {@code version} once. A number already another contact's is refused with that contact's
 * id ({@link PhoneRejectedException#ownerId()}); nothing is saved then.
 * <p>
 * The methods join the caller's transaction. A caller that also changes the contact
 * through JPA in the same transaction flushes that change first.
 */
@Service
public class People {

	private static final Logger log = LoggerFactory.getLogger(People.class);

	private final JdbcTemplate jdbc;

	private final PersonRows rows;

	private final PhoneNumbers phoneNumbers;

	People(JdbcTemplate jdbc, PersonRows rows, PhoneNumbers phoneNumbers) {
		this.jdbc = jdbc;
		this.rows = rows;
		this.phoneNumbers = phoneNumbers;
	}

	/**
	 * A contact's numbers.
	 * @param contactId the contact
	 * @return the primary first, then in the order they were added; empty for a contact
	 * without a number (or none at all)
	 */
	@Transactional(readOnly = true)
	public List<ContactPhone> phones(long contactId) {
		return rows.phones(contactId);
	}

	/**
	 * A contact's emails.
	 * @param contactId the contact
	 * @return the primary first, then in the order they were added
	 */
	@Transactional(readOnly = true)
	public List<ContactEmail> emails(long contactId) {
		return rows.emails(contactId);
	}

	/**
	 * The entries of staff members' address books and WhatsApp that feed a contact.
	 * @param contactId the contact
	 * @return most recently seen first
	 */
	@Transactional(readOnly = true)
	public List<Identity> identities(long contactId) {
		return rows.identities(contactId);
	}

	/**
	 * People as an address book copies them.
	 * @param ids contacts; ids of contacts that do not exist (any more) are absent
	 * @return the cards by id
	 */
	@Transactional(readOnly = true)
	public Map<Long, PersonCard> cards(Collection<Long> ids) {
		Map<Long, PersonCard> cards = new LinkedHashMap<>();
		List<Long> all = new ArrayList<>(ids);
		for (int from = 0; from < all.size(); from += PersonRows.CHUNK) {
			List<Long> chunk = all.subList(from, Math.min(from + PersonRows.CHUNK, all.size()));
			Map<Long, List<ContactPhone>> phones = rows.phones(chunk);
			Map<Long, List<ContactEmail>> emails = rows.emails(chunk);
			jdbc.query("SELECT id, name, company, owner_id, lead_status FROM contacts WHERE id IN ("
					+ placeholders(chunk.size()) + ")", (rs) -> {
						long id = rs.getLong("id");
						long owner = rs.getLong("owner_id");
						Long ownerId = rs.wasNull() ? null : owner;
						cards.put(id,
								new PersonCard(id, rs.getString("name"), rs.getString("company"), ownerId,
										LeadStatus.fromCode(rs.getString("lead_status")),
										phones.getOrDefault(id, List.of()), emails.getOrDefault(id, List.of())));
					}, chunk.toArray());
		}
		return cards;
	}

	/**
	 * Owners and lead statuses of people, in one query per thousand: cheap enough for a
	 * listener inside the transaction that wrote them.
	 * @param ids contacts; ids of contacts that do not exist are absent
	 * @return by id
	 */
	@Transactional(readOnly = true)
	public Map<Long, PersonScope> scopes(Collection<Long> ids) {
		Map<Long, PersonScope> scopes = new LinkedHashMap<>();
		List<Long> all = new ArrayList<>(ids);
		for (int from = 0; from < all.size(); from += PersonRows.CHUNK) {
			List<Long> chunk = all.subList(from, Math.min(from + PersonRows.CHUNK, all.size()));
			jdbc.query(
					"SELECT id, owner_id, lead_status FROM contacts WHERE id IN (" + placeholders(chunk.size()) + ")",
					(rs) -> {
						long owner = rs.getLong("owner_id");
						Long ownerId = rs.wasNull() ? null : owner;
						scopes.put(rs.getLong("id"), new PersonScope(rs.getLong("id"), ownerId,
								LeadStatus.fromCode(rs.getString("lead_status"))));
					}, chunk.toArray());
		}
		return scopes;
	}

	/**
	 * A page of the contacts a staff member owns, or of everyone's, in id order: what a
	 * staff member's address book is filled with when they turn the write-back on.
	 * @param ownerId the owner, or {@code null} for every contact
	 * @param statuses only these lead statuses, or empty for any
	 * @param afterId the last id of the previous page, 0 for the first
	 * @param limit the page size
	 * @return contact ids, ascending
	 */
	@Transactional(readOnly = true)
	public List<Long> ids(Long ownerId, Collection<LeadStatus> statuses, long afterId, int limit) {
		StringBuilder sql = new StringBuilder("SELECT id FROM contacts WHERE id > ?");
		List<Object> values = new ArrayList<>(List.of(afterId));
		if (ownerId != null) {
			sql.append(" AND owner_id = ?");
			values.add(ownerId);
		}
		if (!statuses.isEmpty()) {
			sql.append(" AND lead_status IN (").append(placeholders(statuses.size())).append(")");
			statuses.forEach((status) -> values.add(status.code()));
		}
		sql.append(" ORDER BY id LIMIT ?");
		values.add(limit);
		return jdbc.queryForList(sql.toString(), Long.class, values.toArray());
	}

	/**
	 * The contact that has a number.
	 * @param number as typed or as E.164 digits
	 * @return its id, or empty if the number is not a valid one or no contact has it
	 */
	@Transactional(readOnly = true)
	public Optional<Long> ownerOf(String number) {
		PhoneNumbers.Result result = phoneNumbers.normalize(number);
		return result.isValid() ? owner(result.digits()).map(Owner::id) : Optional.empty();
	}

	/**
	 * Every problem of a list of numbers at once, as {@link #replacePhones} would find
	 * them, without saving anything.
	 * @param contactId the contact they are for, or {@code null} for a new one
	 * @param entries the numbers as given
	 * @return each rejected number with its place in the list; empty if all are fine
	 */
	@Transactional(readOnly = true)
	public List<PhoneRejectedException> checkPhones(Long contactId, List<PhoneEntry> entries) {
		List<PhoneRejectedException> problems = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			PhoneEntry entry = entries.get(i);
			PhoneNumbers.Result result = phoneNumbers.normalize(entry.number());
			if (!result.isValid()) {
				problems.add(PhoneRejectedException.rejected(result.rejection()).at(i, entry.number()));
				continue;
			}
			Optional<Owner> owner = owner(result.digits());
			if (owner.isPresent() && !owner.get().id().equals(contactId)) {
				problems
					.add(PhoneRejectedException.duplicate(owner.get().name(), owner.get().id()).at(i, entry.number()));
			}
		}
		return problems;
	}

	/**
	 * Every problem of a list of emails at once, without saving anything.
	 * @param entries the addresses as given
	 * @return each rejected address with its place in the list
	 */
	public List<EmailRejectedException> checkEmails(List<EmailEntry> entries) {
		List<EmailRejectedException> problems = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			if (!Emails.looksValid(Emails.clean(entries.get(i).address()))) {
				problems.add(new EmailRejectedException(i, entries.get(i).address()));
			}
		}
		return problems;
	}

	/**
	 * Replaces a contact's numbers with the ones given: numbers left out go (with what
	 * knew them), numbers kept keep their sources and take the label given, new ones are
	 * recorded as typed by hand. The primary is the first entry marked primary, else the
	 * first; an empty list leaves the contact without a number. A number given twice
	 * counts once.
	 * @param contactId the contact
	 * @param entries the numbers as typed, with labels
	 * @return whether the contact exists
	 * @throws PhoneRejectedException for the first number that is not one or is another
	 * contact's
	 */
	@Transactional
	public boolean replacePhones(long contactId, List<PhoneEntry> entries) {
		if (!lock(contactId)) {
			return false;
		}
		replacePhoneRows(contactId, normalize(entries), true, true, now());
		return true;
	}

	/**
	 * Replaces a contact's emails with the ones given, as {@link #replacePhones} does for
	 * numbers (an address differing only in case counts once). Emails are not unique:
	 * another contact may have the same address.
	 * @param contactId the contact
	 * @param entries the addresses with labels
	 * @return whether the contact exists
	 * @throws EmailRejectedException for the first address that is not one
	 */
	@Transactional
	public boolean replaceEmails(long contactId, List<EmailEntry> entries) {
		List<EmailRejectedException> problems = checkEmails(entries);
		if (!problems.isEmpty()) {
			throw problems.get(0);
		}
		if (!lock(contactId)) {
			return false;
		}
		replaceEmailRows(contactId,
				entries.stream()
					.map((e) -> new EmailEntry(Emails.clean(e.address()), Labels.normalize(e.label()), e.primary()))
					.toList(),
				true, now());
		return true;
	}

	/**
	 * The edit form's one number becomes the primary: the previous primary (which the
	 * form showed and the person changed) goes, other numbers stay. Does not raise the
	 * version (the form's own save does). The form checked the number: a race with
	 * another save is decided by the database ({@link DuplicateKeyException}).
	 */
	void formPhone(long contactId, String digits) {
		List<Normalized> numbers = new ArrayList<>();
		numbers.add(new Normalized(digits, null, true, 0, digits));
		for (ContactPhone phone : rows.phones(contactId)) {
			if (!phone.primary() && !phone.digits().equals(digits)) {
				numbers.add(new Normalized(phone.digits(), phone.label(), false, numbers.size(), phone.digits()));
			}
			else if (phone.digits().equals(digits)) {
				numbers.set(0, new Normalized(digits, phone.label(), true, 0, digits));
			}
		}
		replacePhoneRows(contactId, numbers, false, false, now());
	}

	/**
	 * The edit form's one email becomes the primary, as {@link #formPhone}; a cleared
	 * email removes the primary one (another, if any, becomes primary).
	 */
	void formEmail(long contactId, String address) {
		List<EmailEntry> emails = new ArrayList<>();
		String clean = Emails.clean(address);
		if (clean != null) {
			emails.add(new EmailEntry(clean, null, true));
		}
		for (ContactEmail email : rows.emails(contactId)) {
			boolean same = clean != null && email.key().equals(Emails.key(clean));
			if (same) {
				emails.set(0, new EmailEntry(clean, email.label(), true));
			}
			else if (!email.primary()) {
				emails.add(new EmailEntry(email.address(), email.label(), false));
			}
		}
		replaceEmailRows(contactId, emails, false, now());
	}

	/**
	 * The contact that has a number, by its rows, else by a primary copied without one.
	 */
	Optional<Owner> owner(String digits) {
		List<Owner> owners = jdbc.query(
				"SELECT c.id, c.name FROM contact_phones p JOIN contacts c ON c.id = p.contact_id WHERE p.phone = ?",
				(rs, n) -> new Owner(rs.getLong("id"), rs.getString("name")), digits);
		if (owners.isEmpty()) {
			owners = jdbc.query("SELECT id, name FROM contacts WHERE phone = ? ORDER BY id",
					(rs, n) -> new Owner(rs.getLong("id"), rs.getString("name")), digits);
		}
		return owners.stream().findFirst();
	}

	private boolean lock(long contactId) {
		return !jdbc.queryForList("SELECT id FROM contacts WHERE id = ? FOR UPDATE", Long.class, contactId).isEmpty();
	}

	private List<Normalized> normalize(List<PhoneEntry> entries) {
		Map<String, Normalized> byDigits = new LinkedHashMap<>();
		for (int i = 0; i < entries.size(); i++) {
			PhoneEntry entry = entries.get(i);
			PhoneNumbers.Result result = phoneNumbers.normalize(entry.number());
			if (!result.isValid()) {
				throw PhoneRejectedException.rejected(result.rejection()).at(i, entry.number());
			}
			byDigits.putIfAbsent(result.digits(), new Normalized(result.digits(), Labels.normalize(entry.label()),
					entry.primary(), i, entry.number()));
		}
		return new ArrayList<>(byDigits.values());
	}

	private void replacePhoneRows(long contactId, List<Normalized> wanted, boolean check, boolean raiseVersion,
			LocalDateTime now) {
		String primary = wanted.stream()
			.filter(Normalized::primary)
			.findFirst()
			.or(() -> wanted.stream().findFirst())
			.map(Normalized::digits)
			.orElse(null);
		Map<String, Boolean> current = new LinkedHashMap<>();
		jdbc.query("SELECT phone, is_primary FROM contact_phones WHERE contact_id = ? ORDER BY phone FOR UPDATE",
				(rs) -> {
					current.put(rs.getString("phone"), rs.getBoolean("is_primary"));
				}, contactId);
		List<Normalized> added = wanted.stream().filter((n) -> !current.containsKey(n.digits())).toList();
		if (check) {
			checkNotOwned(contactId, added);
		}
		List<String> wantedDigits = wanted.stream().map(Normalized::digits).toList();
		List<Object[]> gone = current.keySet()
			.stream()
			.filter((phone) -> !wantedDigits.contains(phone))
			.map((phone) -> new Object[] { phone })
			.toList();
		jdbc.batchUpdate("DELETE FROM contact_phones WHERE phone = ?", gone);
		jdbc.update("UPDATE contact_phones SET is_primary = FALSE WHERE contact_id = ? AND is_primary = TRUE",
				contactId);
		List<Object[]> kept = wanted.stream()
			.filter((n) -> current.containsKey(n.digits()))
			.map((n) -> new Object[] { n.label(), n.digits().equals(primary), n.digits() })
			.toList();
		jdbc.batchUpdate("UPDATE contact_phones SET label = ?, is_primary = ? WHERE phone = ?", kept);
		try {
			rows.insertPhones(added.stream()
				.map((n) -> new PhoneRow(n.digits(), contactId, n.label(), n.digits().equals(primary), now))
				.toList());
		}
		catch (DuplicateKeyException ex) {
			// saved by someone else since the check: the caller refuses it once this
			// transaction is rolled back and the other save can be read
			log.info("A number was saved by another contact meanwhile: {}", ex.getMostSpecificCause().getMessage());
			throw ex;
		}
		rows.addPhoneSources(added.stream().map(Normalized::digits).toList(), KnownBy.manual(), now);
		jdbc.update("UPDATE contacts SET phone = ?, updated_at = ?" + (raiseVersion ? ", version = version + 1" : "")
				+ " WHERE id = ?", primary, now, contactId);
	}

	private void checkNotOwned(long contactId, List<Normalized> numbers) {
		if (numbers.isEmpty()) {
			return;
		}
		List<String> digits = numbers.stream().map(Normalized::digits).toList();
		Map<String, Owner> owners = new LinkedHashMap<>();
		jdbc.query("SELECT p.phone, c.id, c.name FROM contact_phones p JOIN contacts c ON c.id = p.contact_id "
				+ "WHERE p.phone IN (" + placeholders(digits.size()) + ") AND p.contact_id <> ?", (rs) -> {
					owners.put(rs.getString("phone"), new Owner(rs.getLong("id"), rs.getString("name")));
				}, args(digits, contactId));
		// a primary copied into contacts without its row (written by an older version)
		jdbc.query("SELECT phone, id, name FROM contacts WHERE phone IN (" + placeholders(digits.size())
				+ ") AND id <> ? ORDER BY id DESC", (rs) -> {
					owners.putIfAbsent(rs.getString("phone"), new Owner(rs.getLong("id"), rs.getString("name")));
				}, args(digits, contactId));
		for (Normalized number : numbers) {
			Owner owner = owners.get(number.digits());
			if (owner != null) {
				throw PhoneRejectedException.duplicate(owner.name(), owner.id()).at(number.index(), number.raw());
			}
		}
	}

	private void replaceEmailRows(long contactId, List<EmailEntry> entries, boolean raiseVersion, LocalDateTime now) {
		Map<String, EmailEntry> wanted = new LinkedHashMap<>();
		entries.forEach((e) -> wanted.putIfAbsent(Emails.key(e.address()), e));
		String primaryKey = wanted.entrySet()
			.stream()
			.filter((e) -> e.getValue().primary())
			.map(Map.Entry::getKey)
			.findFirst()
			.or(() -> wanted.keySet().stream().findFirst())
			.orElse(null);
		List<String> current = jdbc.queryForList(
				"SELECT email_key FROM contact_emails WHERE contact_id = ? ORDER BY email_key FOR UPDATE", String.class,
				contactId);
		jdbc.batchUpdate("DELETE FROM contact_emails WHERE contact_id = ? AND email_key = ?",
				current.stream()
					.filter((key) -> !wanted.containsKey(key))
					.map((key) -> new Object[] { contactId, key })
					.toList());
		jdbc.update("UPDATE contact_emails SET is_primary = FALSE WHERE contact_id = ? AND is_primary = TRUE",
				contactId);
		jdbc.batchUpdate(
				"UPDATE contact_emails SET email = ?, label = ?, is_primary = ? WHERE contact_id = ? "
						+ "AND email_key = ?",
				wanted.entrySet()
					.stream()
					.filter((e) -> current.contains(e.getKey()))
					.map((e) -> new Object[] { e.getValue().address(), e.getValue().label(),
							e.getKey().equals(primaryKey), contactId, e.getKey() })
					.toList());
		List<EmailRow> added = wanted.entrySet()
			.stream()
			.filter((e) -> !current.contains(e.getKey()))
			.map((e) -> new EmailRow(contactId, e.getValue().address(), e.getValue().label(),
					e.getKey().equals(primaryKey), now))
			.toList();
		rows.ensureEmails(added);
		rows.addEmailSources(added, KnownBy.manual(), now);
		String primary = (primaryKey != null) ? wanted.get(primaryKey).address() : null;
		jdbc.update("UPDATE contacts SET email = ?, updated_at = ?" + (raiseVersion ? ", version = version + 1" : "")
				+ " WHERE id = ?", primary, now, contactId);
	}

	private static LocalDateTime now() {
		return LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

	/** A contact that has a number: its id and name. */
	record Owner(Long id, String name) {
	}

	private record Normalized(String digits, String label, boolean primary, int index, String raw) {
	}

}
