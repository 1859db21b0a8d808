package com.whiskeysocket.crm.contacts;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.whiskeysocket.crm.contacts.MergeRules.Decision;
import com.whiskeysocket.crm.contacts.MergeRules.Existing;

import static com.whiskeysocket.crm.contacts.SqlArguments.args;
import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * WhatsApp people whose number WhatsApp hides behind a LID (a private id,
 * {@code 100000000000009@lid}). Such a person is a contact without a number
 * ({@code contacts.phone} {@code NULL}, no {@code contact_phones} row) whose identity is
 * the LID: a {@code contact_links} row (staff member, {@code whatsapp}, LID) for each
 * linked phone that knows them, so a LID is one contact whichever phone sees it. When
 * WhatsApp reveals the LID's number, the number attaches to that contact; when another
 * contact already has the number, the two become one: the contact with the number stays
 * (its id and URL), and takes the LID contact's identities, notes, and what it lacks of
 * name, email, company, status, owner and background. The join is a merge of
 * {@link ContactMerges} (kept, audited, undone like one by hand); once a join of two
 * contacts is undone, a mapping never joins them again: they are suggested as duplicates.
 * <p>
 * Every method joins the caller's transaction; contacts are locked in id order.
 */
@Component
public class WhatsAppLids {

	private static final String CONTACT_COLUMNS = "id, phone, name, email, company, source, outlook_contact_id, "
			+ "google_contact_id, name_edited, lead_status, owner_id, notes";

	private final JdbcTemplate jdbc;

	private final ContactChanges changes;

	private final ContactMerges merges;

	private final DuplicateFinder duplicates;

	WhatsAppLids(JdbcTemplate jdbc, ContactChanges changes, ContactMerges merges, DuplicateFinder duplicates) {
		this.jdbc = jdbc;
		this.changes = changes;
		this.merges = merges;
		this.duplicates = duplicates;
	}

	/**
	 * Merges contacts of a staff member's WhatsApp that are known only by a LID: a LID no
	 * contact has becomes a new contact without a number (source WhatsApp, owned by that
	 * staff member); a LID a contact has updates it by the WhatsApp rules
	 * ({@link MergeRules#whatsapp}). A contact without any name is counted as without a
	 * number and skipped.
	 * @param staffId whose WhatsApp
	 * @param runId the sync run, or {@code 0} for changes pushed outside a run
	 * @param contacts as {@link IncomingContact#whatsApp}, with the LID as external id
	 * and no number
	 * @return their counts
	 */
	public ImportCounts importHidden(long staffId, long runId, List<IncomingContact> contacts) {
		int skipped = 0;
		int duplicates = 0;
		Map<String, String> names = new TreeMap<>();
		for (IncomingContact contact : contacts) {
			String name = contact.name(() -> "");
			if (name.isEmpty() || contact.externalId() == null || contact.externalId().isBlank()) {
				skipped++;
			}
			else if (names.put(contact.externalId(), name) != null) {
				duplicates++;
			}
		}
		int added = 0;
		int updated = 0;
		int unchanged = 0;
		if (!names.isEmpty()) {
			LocalDateTime now = now();
			Map<String, Long> known = contactsOf(names.keySet());
			Set<Long> changed = new HashSet<>();
			Map<String, Long> mine = linkedTo(staffId, names.keySet());
			known.forEach((lid, id) -> {
				if (!id.equals(mine.get(lid))) {
					changed.add(id);
				}
			});
			Map<Long, Row> rows = lock(known.values());
			for (Map.Entry<String, String> entry : names.entrySet()) {
				Long id = known.get(entry.getKey());
				Row row = (id != null) ? rows.get(id) : null;
				if (row == null) {
					long created = insert(entry.getValue(), staffId, now);
					known.put(entry.getKey(), created);
					changed.add(created);
					added++;
					continue;
				}
				Decision decision = MergeRules.whatsapp(row.existing(),
						new MergeRules.Incoming(entry.getKey(), entry.getValue(), null, null), true);
				if (decision.writes(row.existing())) {
					jdbc.update(
							"UPDATE contacts SET name = ?, name_key = ?, source = ?, updated_at = ?, "
									+ "version = version + 1 WHERE id = ?",
							decision.result().name(), NameKey.of(decision.result().name(), decision.result().company()),
							decision.result().source().code(), now, id);
					changed.add(id);
					updated++;
				}
				else {
					unchanged++;
				}
			}
			link(staffId, runId, known, now);
			changes.synced(Provider.WHATSAPP, staffId, changed, List.of());
		}
		return new ImportCounts(added, updated, 0, unchanged, skipped, 0, duplicates, contacts.size(), 0);
	}

	/**
	 * WhatsApp revealed the numbers of LIDs: each contact known by one of them gets its
	 * number, or becomes one with the contact that already has it.
	 * @param staffId whose phone revealed them
	 * @param numbers E.164 digits by LID
	 * @return how many contacts became one with another
	 */
	public int numbersRevealed(long staffId, Map<String, String> numbers) {
		if (numbers.isEmpty()) {
			return 0;
		}
		Map<String, Long> hidden = contactsOf(numbers.keySet());
		if (hidden.isEmpty()) {
			return 0;
		}
		LocalDateTime now = now();
		Map<String, Long> owners = owners(hidden.keySet().stream().map(numbers::get).toList());
		TreeSet<Long> ids = new TreeSet<>(hidden.values());
		ids.addAll(owners.values());
		Map<Long, Row> rows = lock(ids);
		int merged = 0;
		Set<Long> changed = new HashSet<>();
		Set<Long> deleted = new HashSet<>();
		for (Map.Entry<String, Long> entry : new TreeMap<>(hidden).entrySet()) {
			String number = numbers.get(entry.getKey());
			Row lidContact = rows.get(entry.getValue());
			Long ownerId = owners.get(number);
			if (lidContact == null) {
				continue;
			}
			if (ownerId == null) {
				if (lidContact.phone() == null) {
					attach(lidContact.existing().id(), number, staffId, now);
					owners.put(number, lidContact.existing().id());
					changed.add(lidContact.existing().id());
				}
				continue;
			}
			Row owner = rows.get(ownerId);
			if (owner != null && !ownerId.equals(lidContact.existing().id())
					&& merges.undone(ownerId, lidContact.existing().id())) {
				// somebody undid this join: they stay two, suggested as one for a person
				// to
				// decide
				duplicates.record(List
					.of(SuggestedDuplicates.Suggestion.of(ownerId, lidContact.existing().id(), "phone", number)), now);
			}
			else if (owner != null && !ownerId.equals(lidContact.existing().id())) {
				rows.put(ownerId, merge(lidContact, owner, staffId, entry.getKey()));
				rows.remove(lidContact.existing().id());
				changed.add(ownerId);
				deleted.add(lidContact.existing().id());
				merged++;
			}
		}
		changes.synced(Provider.WHATSAPP, staffId, changed, deleted);
		return merged;
	}

	/** The contact each LID is the identity of, on any staff member's phone. */
	private Map<String, Long> contactsOf(Collection<String> lids) {
		Map<String, Long> contacts = new HashMap<>();
		List<Long> staff = jdbc.queryForList("SELECT id FROM staff_users ORDER BY id", Long.class);
		List<String> all = List.copyOf(lids);
		for (int from = 0; from < all.size(); from += 500) {
			List<String> chunk = all.subList(from, Math.min(from + 500, all.size()));
			// staff in the condition: the lookup runs on the (staff, provider, id) key
			jdbc.query("SELECT external_id, contact_id FROM contact_links WHERE staff_user_id IN ("
					+ placeholders(staff.size()) + ") AND provider = 'whatsapp' AND external_id IN ("
					+ placeholders(chunk.size()) + ") ORDER BY contact_id DESC", (rs) -> {
						contacts.put(rs.getString("external_id"), rs.getLong("contact_id"));
					}, args(staff, chunk));
		}
		return contacts;
	}

	/** The contact each LID is linked to on this staff member's phone. */
	private Map<String, Long> linkedTo(long staffId, Collection<String> lids) {
		Map<String, Long> contacts = new HashMap<>();
		List<String> all = List.copyOf(lids);
		for (int from = 0; from < all.size(); from += 500) {
			List<String> chunk = all.subList(from, Math.min(from + 500, all.size()));
			jdbc.query(
					"SELECT external_id, contact_id FROM contact_links WHERE staff_user_id = ? "
							+ "AND provider = 'whatsapp' AND external_id IN (" + placeholders(chunk.size()) + ")",
					(rs) -> {
						contacts.put(rs.getString("external_id"), rs.getLong("contact_id"));
					}, args(staffId, chunk));
		}
		return contacts;
	}

	/** The contact that has each number. */
	private Map<String, Long> owners(List<String> numbers) {
		Map<String, Long> owners = new HashMap<>();
		jdbc.query("SELECT phone, contact_id FROM contact_phones WHERE phone IN (" + placeholders(numbers.size()) + ")",
				(rs) -> {
					owners.put(rs.getString("phone"), rs.getLong("contact_id"));
				}, numbers.toArray());
		List<String> unknown = numbers.stream().filter((n) -> !owners.containsKey(n)).distinct().toList();
		if (!unknown.isEmpty()) {
			jdbc.query("SELECT phone, id FROM contacts WHERE phone IN (" + placeholders(unknown.size()) + ")", (rs) -> {
				owners.putIfAbsent(rs.getString("phone"), rs.getLong("id"));
			}, unknown.toArray());
		}
		return owners;
	}

	private Map<Long, Row> lock(Collection<Long> ids) {
		Map<Long, Row> rows = new HashMap<>();
		if (ids.isEmpty()) {
			return rows;
		}
		List<Long> sorted = new TreeSet<>(ids).stream().toList();
		jdbc.query("SELECT " + CONTACT_COLUMNS + " FROM contacts WHERE id IN (" + placeholders(sorted.size())
				+ ") ORDER BY id FOR UPDATE", (rs) -> {
					long owner = rs.getLong("owner_id");
					Long ownerId = rs.wasNull() ? null : owner;
					rows.put(rs.getLong("id"),
							new Row(new Existing(rs.getLong("id"), Source.fromCode(rs.getString("source")),
									rs.getString("name"), rs.getString("email"), rs.getString("company"),
									rs.getString("outlook_contact_id"), rs.getString("google_contact_id"),
									rs.getBoolean("name_edited")), rs.getString("phone"), rs.getString("lead_status"),
									ownerId, rs.getString("notes")));
				}, sorted.toArray());
		return rows;
	}

	private long insert(String name, long staffId, LocalDateTime now) {
		KeyHolder key = new GeneratedKeyHolder();
		jdbc.update((connection) -> {
			PreparedStatement ps = connection.prepareStatement(
					"INSERT INTO contacts (name, phone, source, lead_status, name_edited, owner_id, name_key, "
							+ "created_at, updated_at) VALUES (?, NULL, 'whatsapp', 'new', FALSE, ?, ?, ?, ?)",
					new String[] { "id" });
			ps.setString(1, name);
			ps.setLong(2, staffId);
			ps.setString(3, NameKey.of(name, null));
			ps.setObject(4, now);
			ps.setObject(5, now);
			return ps;
		}, key);
		return Objects.requireNonNull(key.getKey()).longValue();
	}

	private void link(long staffId, long runId, Map<String, Long> contacts, LocalDateTime now) {
		List<Object[]> links = new ArrayList<>();
		new TreeMap<>(contacts)
			.forEach((lid, id) -> links.add(new Object[] { id, staffId, lid, now, now, (runId > 0) ? runId : null }));
		jdbc.batchUpdate("INSERT INTO contact_links (contact_id, staff_user_id, provider, external_id, "
				+ "first_seen_at, last_seen_at, last_seen_run_id) VALUES (?, ?, 'whatsapp', ?, ?, ?, ?) "
				+ "ON DUPLICATE KEY UPDATE contact_id = VALUES(contact_id), last_seen_at = VALUES(last_seen_at), "
				+ "last_seen_run_id = VALUES(last_seen_run_id)", links);
	}

	/**
	 * The number becomes the contact's primary number, known to that staff member's
	 * WhatsApp.
	 */
	private void attach(long contactId, String number, long staffId, LocalDateTime now) {
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
				+ "VALUES (?, ?, 'mobile', TRUE, ?)", number, contactId, now);
		jdbc.update("INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at) "
				+ "VALUES (?, 'whatsapp', ?, ?)", number, staffId, now);
		jdbc.update("UPDATE contacts SET phone = ?, updated_at = ?, version = version + 1 WHERE id = ?", number, now,
				contactId);
	}

	/**
	 * The LID contact becomes part of the contact with the number, which keeps its own
	 * values and takes the LID contact's where it has none: a merge like one by hand
	 * ({@link ContactMerges#mergeFound}), undone the same way.
	 * @return the surviving contact as it is now
	 */
	private Row merge(Row lid, Row survivor, long staffId, String lidId) {
		long from = lid.existing().id();
		long to = survivor.existing().id();
		Existing keep = survivor.existing();
		Existing gone = lid.existing();
		boolean takeName = !keep.nameEdited() && (gone.nameEdited() || MergeRules.onlyNumber(keep.name()));
		String name = takeName ? gone.name() : keep.name();
		String email = (keep.email() != null) ? keep.email() : gone.email();
		String company = (keep.company() != null) ? keep.company() : gone.company();
		String status = "new".equals(survivor.leadStatus()) ? lid.leadStatus() : survivor.leadStatus();
		Long owner = (survivor.ownerId() != null) ? survivor.ownerId() : lid.ownerId();
		String notes = join(survivor.notes(), lid.notes());
		Source source = (keep.source() == Source.GOOGLE || keep.source() == Source.OUTLOOK) ? Source.BOTH
				: keep.source();
		boolean nameEdited = keep.nameEdited() || (takeName && gone.nameEdited());
		Map<String, String> values = new java.util.LinkedHashMap<>();
		values.put("name", name);
		values.put("name_edited", nameEdited ? "1" : "0");
		values.put("email", email);
		values.put("company", company);
		values.put("source", source.code());
		values.put("lead_status", status);
		values.put("owner_id", (owner != null) ? String.valueOf(owner) : null);
		values.put("notes", notes);
		merges.mergeFound(List.of(from, to), to, (contacts) -> changed(contacts.get(to), values), staffId, "WhatsApp",
				"known by the WhatsApp LID " + lidId);
		Existing merged = new Existing(to, source, name, email, company, keep.outlookContactId(),
				keep.googleContactId(), nameEdited);
		return new Row(merged, survivor.phone(), status, owner, notes);
	}

	/** The values that differ from the survivor's own. */
	private static Map<String, String> changed(Map<String, String> survivor, Map<String, String> values) {
		Map<String, String> changed = new java.util.LinkedHashMap<>();
		values.forEach((column, value) -> {
			if (!Objects.equals(survivor.get(column), value)) {
				changed.put(column, value);
			}
		});
		return changed;
	}

	private static String join(String kept, String other) {
		if (other == null || other.isBlank() || other.equals(kept)) {
			return kept;
		}
		return (kept == null || kept.isBlank()) ? other : kept + "\n\n" + other;
	}

	private static LocalDateTime now() {
		return LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

	/** A contact as the merge needs it. */
	private record Row(Existing existing, String phone, String leadStatus, Long ownerId, String notes) {
	}

}
