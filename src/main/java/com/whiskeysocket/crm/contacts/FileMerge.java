package com.whiskeysocket.crm.contacts;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.whiskeysocket.crm.contacts.SuggestedDuplicates.Suggestion;
import com.whiskeysocket.crm.contacts.ExistingContacts.Locked;
import com.whiskeysocket.crm.contacts.MergeRules.Decision;
import com.whiskeysocket.crm.contacts.MergeRules.Existing;
import com.whiskeysocket.crm.contacts.MergeRules.Outcome;
import com.whiskeysocket.crm.contacts.PersonRows.EmailRow;
import com.whiskeysocket.crm.contacts.PersonRows.PhoneRow;

import static com.whiskeysocket.crm.contacts.SqlArguments.args;
import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Merges rows of a file a staff member imports (CSV or vCard) into the people: a row
 * belongs to the person owning any of its numbers, else it is a new person
 * ({@code manual}, owned by that staff member); every number and email of the row
 * attaches, known to that staff member's import; a number another person has stays theirs
 * (a duplicate suggestion). Existing people change only as {@link MergeRules#imported}
 * says.
 */
@Component
class FileMerge {

	private static final String INSERT_FILE_CONTACT = "INSERT INTO contacts (name, phone, email, company, source, "
			+ "lead_status, notes, name_edited, owner_id, created_at, updated_at, name_key) "
			+ "VALUES (?, ?, ?, ?, 'manual', ?, ?, ?, ?, ?, ?, ?)";

	private final JdbcTemplate jdbc;

	private final PhoneNumbers phoneNumbers;

	private final ExistingContacts existing;

	private final PersonRows rows;

	private final SuggestedDuplicates suggestions;

	private final DuplicateFinder duplicates;

	FileMerge(JdbcTemplate jdbc, PhoneNumbers phoneNumbers, ExistingContacts existing, PersonRows rows,
			SuggestedDuplicates suggestions, DuplicateFinder duplicates) {
		this.duplicates = duplicates;
		this.jdbc = jdbc;
		this.phoneNumbers = phoneNumbers;
		this.existing = existing;
		this.rows = rows;
		this.suggestions = suggestions;
	}

	/** What rows would match, without writing: see {@link ContactImport#matchFile}. */
	Map<String, FileMatch> match(Map<String, FileContact> byNumber) {
		Map<String, Long> owners = existing.owners(byNumber.keySet().stream().sorted().toList(), new HashSet<>());
		Map<Long, Locked> people = existing.read(owners.values(), false);
		Map<String, FileMatch> matches = new HashMap<>();
		byNumber.forEach((number, row) -> {
			Long id = owners.get(number);
			if (id != null && people.containsKey(id)) {
				Existing person = people.get(id).existing();
				Decision decision = MergeRules.imported(person, incoming(row));
				matches.put(number, new FileMatch(id, person.name(), decision.outcome() == Outcome.MERGED));
			}
		});
		return matches;
	}

	/**
	 * Merges rows keyed by their first valid number, in the caller's transaction.
	 * @return the people the rows are now: each is new or at least known to the import
	 */
	Set<Long> merge(long staffId, Map<String, FileContact> byPhone, MergeCounter counts, LocalDateTime now) {
		Map<String, List<String>> numbers = new LinkedHashMap<>();
		byPhone.forEach((phone, row) -> numbers.put(phone, numbersOf(row)));
		Set<String> legacy = new HashSet<>();
		Map<String, Long> owners = existing.owners(all(numbers), legacy);
		Map<String, Long> target = new LinkedHashMap<>();
		numbers.forEach((phone, list) -> target.put(phone,
				list.stream().map(owners::get).filter((id) -> id != null).findFirst().orElse(0L)));
		Map<Long, Locked> people = existing.read(target.values(), true);
		List<String> fresh = target.entrySet()
			.stream()
			.filter((e) -> !people.containsKey(e.getValue()))
			.map(Map.Entry::getKey)
			.toList();
		insert(staffId, fresh, byPhone, now).forEach(target::put);
		existing.adoptLegacy(legacy, owners, now);
		counts.added += fresh.size();

		Map<String, Long> claims = new HashMap<>(owners);
		fresh.forEach((phone) -> claims.put(phone, target.get(phone)));
		List<PhoneRow> attached = new ArrayList<>();
		Set<String> known = new LinkedHashSet<>();
		List<Suggestion> found = new ArrayList<>();
		Map<Long, Existing> current = new HashMap<>();
		people.forEach((id, person) -> current.put(id, person.existing()));
		Map<Long, Existing> updates = new LinkedHashMap<>();
		List<EmailRow> emails = new ArrayList<>();
		Map<Long, Set<String>> emailKeys = new HashMap<>();
		Map<Long, String> nameKeys = new HashMap<>();
		for (Map.Entry<String, FileContact> row : byPhone.entrySet()) {
			long person = target.get(row.getKey());
			boolean isNew = fresh.contains(row.getKey());
			List<String> list = numbers.get(row.getKey());
			for (int i = 0; i < list.size(); i++) {
				String number = list.get(i);
				Long owner = claims.putIfAbsent(number, person);
				if (owner == null || (isNew && number.equals(row.getKey()))) {
					attached.add(new PhoneRow(number, person, label(row.getValue(), number),
							isNew && number.equals(row.getKey()), now));
				}
				if (owner == null || owner == person) {
					known.add(number);
				}
				else {
					found.add(Suggestion.of(person, owner, "phone", number));
				}
			}
			String primaryEmail;
			if (isNew) {
				primaryEmail = row.getValue().incoming().normalizedEmail();
				Existing created = new Existing(person, Source.MANUAL, null, primaryEmail, null, null, false);
				nameKeys.put(person,
						NameKey.of(row.getValue().incoming().name(() -> phoneNumbers.display(row.getKey())),
								row.getValue().incoming().normalizedCompany()));
				current.put(person, created);
			}
			else {
				Existing before = current.get(person);
				Decision decision = MergeRules.imported(before, incoming(row.getValue()));
				counts.count(decision.outcome());
				if (decision.writes(before)) {
					updates.put(person, decision.result());
					current.put(person, decision.result());
					nameKeys.put(person, NameKey.of(decision.result().name(), decision.result().company()));
				}
				primaryEmail = (before.email() == null) ? decision.result().email() : null;
			}
			for (LabeledValue email : row.getValue().incoming().normalizedEmails()) {
				boolean primary = primaryEmail != null && Emails.key(primaryEmail).equals(Emails.key(email.value()));
				emails.add(new EmailRow(person, email.value(), email.label(), primary, now));
				emailKeys.computeIfAbsent(person, (id) -> new HashSet<>()).add(Emails.key(email.value()));
			}
		}
		attached.sort(Comparator.comparing(PhoneRow::phone));
		rows.insertPhones(attached);
		KnownBy by = new KnownBy(Origin.IMPORT, staffId);
		rows.addPhoneSources(known.stream().sorted().toList(), by, now);
		List<Existing> changed = updates.values().stream().sorted(Comparator.comparingLong(Existing::id)).toList();
		jdbc.batchUpdate("UPDATE contacts SET name = ?, email = ?, company = ?, name_edited = ?, name_key = ?, "
				+ "updated_at = ?, version = version + 1 WHERE id = ?", changed, changed.size(), (ps, e) -> {
					ps.setString(1, e.name());
					ps.setString(2, e.email());
					ps.setString(3, e.company());
					ps.setBoolean(4, e.nameEdited());
					ps.setString(5, NameKey.of(e.name(), e.company()));
					ps.setObject(6, now);
					ps.setLong(7, e.id());
				});
		emails.sort(Comparator.comparingLong(EmailRow::contactId).thenComparing(EmailRow::address));
		rows.ensureEmails(emails);
		rows.addEmailSources(emails, by, now);
		found.addAll(suggestions.sameEmail(emailKeys));
		found.addAll(suggestions.sameName(nameKeys));
		duplicates.record(found, now);
		return new HashSet<>(target.values());
	}

	/** New people, one per row, read back by number and timestamp. */
	private Map<String, Long> insert(long staffId, List<String> fresh, Map<String, FileContact> byPhone,
			LocalDateTime now) {
		jdbc.batchUpdate(INSERT_FILE_CONTACT, fresh, fresh.size(), (ps, phone) -> {
			FileContact row = byPhone.get(phone);
			IncomingContact incoming = row.incoming();
			String name = incoming.name(() -> phoneNumbers.display(phone));
			ps.setString(1, name);
			ps.setString(2, phone);
			ps.setString(3, incoming.normalizedEmail());
			ps.setString(4, incoming.normalizedCompany());
			ps.setString(5, (row.status() != null) ? row.status().code() : LeadStatus.NEW.code());
			ps.setString(6, row.normalizedNotes());
			// a name from the file is kept by later syncs, as a typed one is
			ps.setBoolean(7, row.normalizedName() != null);
			ps.setLong(8, staffId);
			ps.setObject(9, now);
			ps.setObject(10, now);
			ps.setString(11, NameKey.of(name, incoming.normalizedCompany()));
		});
		Map<String, Long> created = new HashMap<>();
		for (int from = 0; from < fresh.size(); from += PersonRows.CHUNK) {
			List<String> chunk = fresh.subList(from, Math.min(from + PersonRows.CHUNK, fresh.size()));
			jdbc.query("SELECT id, phone FROM contacts WHERE phone IN (" + placeholders(chunk.size())
					+ ") AND created_at = ? ORDER BY id", (rs) -> {
						created.put(rs.getString("phone"), rs.getLong("id"));
					}, args(chunk, now));
		}
		return created;
	}

	/** The row's valid numbers, its first valid one first. */
	private List<String> numbersOf(FileContact row) {
		Set<String> digits = new LinkedHashSet<>();
		for (String raw : row.rawPhones()) {
			PhoneNumbers.Result result = phoneNumbers.normalize(raw);
			if (result.isValid()) {
				digits.add(result.digits());
			}
		}
		return new ArrayList<>(digits);
	}

	private String label(FileContact row, String digits) {
		for (LabeledValue phone : row.phones()) {
			PhoneNumbers.Result result = phoneNumbers.normalize(phone.value());
			if (result.isValid() && result.digits().equals(digits)) {
				return Labels.normalize(phone.label());
			}
		}
		return null;
	}

	private static List<String> all(Map<String, List<String>> numbers) {
		return numbers.values().stream().flatMap(List::stream).distinct().sorted().toList();
	}

	static MergeRules.Incoming incoming(FileContact row) {
		IncomingContact incoming = row.incoming();
		return new MergeRules.Incoming(incoming.externalId(), row.normalizedName(), incoming.normalizedEmail(),
				incoming.normalizedCompany());
	}

}
