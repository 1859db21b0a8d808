package com.whiskeysocket.crm.contacts;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.staff.StaffPrincipal;
import tools.jackson.databind.json.JsonMapper;

import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Merges two to five contacts into one, and undoes a merge for 30 days.
 * <p>
 * A merge locks the contacts' rows in id order ({@code SELECT … FOR UPDATE}), so two
 * people (or two nodes) merging the same contacts at once give one merge and one clear
 * refusal: the second finds a contact already merged away. Before changing anything it
 * keeps every row it will change (the contacts and every row of
 * {@link MergeRows#owned()}) in {@code contact_merges.snapshot}; the survivor keeps its
 * id and the others' ids lead to it through {@code contact_redirects}. Identities move to
 * the survivor, so later syncs find the survivor and never split the merge.
 * <p>
 * An undo puts every merged-away contact back as it was, with its own id, and moves back
 * each row that was its own, as it is now (what sources changed since stays applied to
 * the contact it belongs to). The survivor gets back the values it had before, except the
 * fields changed after the merge.
 */
@Service
class ContactMerges {

	static final int MAX_CONTACTS = 5;

	static final Duration UNDO_WINDOW = Duration.ofDays(30);

	private static final String EMAIL_SOURCES = "contact_email_sources";

	private static final String DUPLICATES = "contact_duplicates";

	private static final String REDIRECTS = "contact_redirects";

	private final JdbcTemplate jdbc;

	private final MergeRows rows;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final AuditLog audit;

	private final ContactJsonReader contactJson;

	private final DuplicateFinder duplicates;

	private final Clock clock = Clock.systemUTC();

	private final ContactChanges changes;

	ContactMerges(JdbcTemplate jdbc, MergeRows rows, PlatformTransactionManager transactionManager, JsonMapper json,
			AuditLog audit, ContactJsonReader contactJson, DuplicateFinder duplicates, ContactChanges changes) {
		this.changes = changes;
		this.jdbc = jdbc;
		this.rows = rows;
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
		this.json = json;
		this.audit = audit;
		this.contactJson = contactJson;
		this.duplicates = duplicates;
	}

	/**
	 * Merges contacts, or shows what merging them would give without saving anything.
	 * @param request the contacts, the survivor and the field choices
	 * @param staff who merges
	 * @return the merge (no id for a dry run) and the survivor as it is (or would be)
	 * @throws MergeRefusedException if the request is not a merge that can be done now
	 */
	Merged merge(MergeRequest request, StaffPrincipal staff) {
		List<Long> ids = checked(request);
		return transactions.execute((status) -> {
			List<Map<String, String>> contacts = lock(ids);
			Map<MergeField, Long> choices = MergeField.defaults(contacts, request.keep());
			choices.putAll(request.choices());
			Long mergeId = apply(ids, request.keep(), contacts, choices, Map.of(), staff.id(), staff.displayName(),
					choiceSummary(choices));
			ContactJson survivor = contactJson.read(request.keep()).orElseThrow();
			if (request.dryRun()) {
				status.setRollbackOnly();
				return new Merged(null, survivor);
			}
			changes.merged((staff != null) ? staff.id() : null, List.of(request.keep()),
					ids.stream().filter((id) -> id != request.keep()).toList());
			return new Merged(mergeId, survivor);
		});
	}

	/**
	 * Merges contacts a source found to be one person (WhatsApp revealing the number
	 * behind a LID), in the caller's transaction, recorded exactly as a merge by hand is:
	 * the snapshot, the {@code contact_merges} row, the merged-away ids leading to the
	 * survivor, {@code contacts.merged} audited with the merge's id; so it is undone the
	 * same way.
	 * @param ids the contacts, the survivor among them
	 * @param keep the survivor
	 * @param rule the survivor's columns to change (anything else stays its own), given
	 * the contacts' rows as locked, by id
	 * @param staffId whose source found them, if anybody's
	 * @param by who merged, as the merge log shows it
	 * @param why what found them, for the audit log
	 * @return the merge's id
	 */
	long mergeFound(List<Long> ids, long keep, Function<Map<Long, Map<String, String>>, Map<String, String>> rule,
			Long staffId, String by, String why) {
		List<Long> sorted = new ArrayList<>(new TreeSet<>(ids));
		List<Map<String, String>> contacts = lock(sorted);
		Map<Long, Map<String, String>> byId = new java.util.TreeMap<>();
		contacts.forEach((row) -> byId.put(Long.valueOf(row.get("id")), row));
		Map<MergeField, Long> choices = new java.util.EnumMap<>(MergeField.class);
		for (MergeField field : MergeField.values()) {
			choices.put(field, keep);
		}
		Map<String, String> values = rule.apply(byId);
		String taken = values.isEmpty() ? "nothing taken" : String.join(", ", values.keySet()) + " taken";
		return apply(sorted, keep, contacts, choices, values, staffId, by, why + "; " + taken);
	}

	/**
	 * Whether a merge joining these two contacts was undone: somebody said they are two,
	 * and no source joins them again on its own.
	 */
	boolean undone(long one, long other) {
		return jdbc
			.queryForList("SELECT survivor_id, merged_ids FROM contact_merges WHERE undone_at IS NOT NULL "
					+ "AND survivor_id IN (?, ?)", one, other)
			.stream()
			.anyMatch((merge) -> {
				long survivor = ((Number) merge.get("survivor_id")).longValue();
				String wanted = String.valueOf((survivor == one) ? other : one);
				return List.of(((String) merge.get("merged_ids")).split(",")).contains(wanted);
			});
	}

	/**
	 * The contacts that would be merged, locked for nothing: what the merge page shows.
	 * @param ids the contacts
	 * @return their rows in id order
	 * @throws MergeRefusedException as {@link #merge} would
	 */
	List<Map<String, String>> candidates(List<Long> ids) {
		List<Long> sorted = checked(new MergeRequest(ids, ids.isEmpty() ? 0 : ids.get(0), Map.of(), true));
		List<Map<String, String>> found = rows.read("contacts", "id", sorted);
		refuseMissing(sorted, found);
		return found;
	}

	/**
	 * Undoes a merge.
	 * @param mergeId the merge
	 * @param staff who undoes it
	 * @return the ids of every contact back (the survivor first)
	 * @throws MergeRefusedException if it cannot be undone (already undone, too old, the
	 * survivor deleted or merged into another contact since)
	 */
	List<Long> undo(long mergeId, StaffPrincipal staff) {
		try {
			return transactions.execute((status) -> {
				List<Long> back = undoLocked(mergeId, staff);
				changes.merged((staff != null) ? staff.id() : null, back, List.of());
				return back;
			});
		}
		catch (DuplicateKeyException ex) {
			throw MergeRefusedException.conflict("number_taken", "merge.undo.numberTaken");
		}
	}

	/** A merge as its page shows it, if there is one with this id. */
	Optional<MergeLog> find(long mergeId) {
		return jdbc
			.query("SELECT id, survivor_id, merged_ids, staff_name, created_at, undone_at, undone_by "
					+ "FROM contact_merges WHERE id = ?", (rs, n) -> log(rs), mergeId)
			.stream()
			.findFirst();
	}

	/** The newest merge into this contact that can still be undone. */
	Optional<MergeLog> undoable(long survivorId) {
		return jdbc
			.query("SELECT id, survivor_id, merged_ids, staff_name, created_at, undone_at, undone_by "
					+ "FROM contact_merges WHERE survivor_id = ? AND undone_at IS NULL AND created_at > ? "
					+ "ORDER BY created_at DESC, id DESC LIMIT 1", (rs, n) -> log(rs), survivorId,
					Timestamp.from(Instant.now(clock).minus(UNDO_WINDOW)))
			.stream()
			.findFirst();
	}

	/** The contact a merged-away id now leads to, if it was merged. */
	Optional<Long> redirect(long mergedId) {
		return jdbc.queryForList("SELECT survivor_id FROM contact_redirects WHERE merged_id = ?", Long.class, mergedId)
			.stream()
			.findFirst();
	}

	private List<Long> checked(MergeRequest request) {
		Set<Long> distinct = new TreeSet<>(request.ids());
		if (request.ids().size() != distinct.size() || distinct.size() < 2 || distinct.size() > MAX_CONTACTS) {
			throw MergeRefusedException.invalid("invalid_ids", "merge.invalid.count", MAX_CONTACTS);
		}
		if (!distinct.contains(request.keep())) {
			throw MergeRefusedException.invalid("invalid_keep", "merge.invalid.keep");
		}
		request.choices().forEach((field, id) -> {
			if (!distinct.contains(id)) {
				throw MergeRefusedException.invalid("invalid_choice", "merge.invalid.choice", field.code());
			}
		});
		return new ArrayList<>(distinct);
	}

	private List<Map<String, String>> lock(List<Long> ids) {
		// id order, the same in every merge: two merges of overlapping contacts queue up
		// instead of deadlocking, and the second sees what the first did
		List<Long> locked = jdbc.queryForList(
				"SELECT id FROM contacts WHERE id IN (" + placeholders(ids.size()) + ") ORDER BY id FOR UPDATE",
				Long.class, ids.toArray());
		List<Map<String, String>> found = rows.read("contacts", "id", locked);
		refuseMissing(ids, found);
		return found;
	}

	private void refuseMissing(List<Long> ids, List<Map<String, String>> found) {
		Set<Long> present = found.stream().map((row) -> Long.valueOf(row.get("id"))).collect(Collectors.toSet());
		for (long id : ids) {
			if (!present.contains(id)) {
				Optional<Long> survivor = redirect(id);
				if (survivor.isPresent()) {
					throw MergeRefusedException.conflict("already_merged", "merge.alreadyMerged", id, survivor.get());
				}
				throw MergeRefusedException.notFound("merge.notFound", id);
			}
		}
	}

	private Long apply(List<Long> ids, long keep, List<Map<String, String>> contacts, Map<MergeField, Long> choices,
			Map<String, String> overrides, Long staffId, String staffName, String why) {
		List<Long> others = ids.stream().filter((id) -> id != keep).toList();
		Map<Long, Map<String, String>> byId = new HashMap<>();
		contacts.forEach((row) -> byId.put(Long.valueOf(row.get("id")), row));
		Map<String, List<Map<String, String>>> owned = new LinkedHashMap<>();
		Map<String, List<Map<String, String>>> dropped = new LinkedHashMap<>();
		Map<String, List<Map<String, String>>> added = new LinkedHashMap<>();
		List<Map<String, String>> emailSources = rows.has(EMAIL_SOURCES) ? rows.read(EMAIL_SOURCES, "contact_id", ids)
				: List.of();
		owned.put(EMAIL_SOURCES, emailSources);
		for (MergeRows.Owned table : rows.owned()) {
			List<Map<String, String>> before = rows.read(table.table(), table.contactColumn(), ids);
			owned.put(table.table(), before);
			dropped.put(table.table(), moveToSurvivor(table, before, keep, emailSources, added));
		}
		List<Map<String, String>> redirects = rows.read("contact_redirects", "survivor_id", others);
		owned.put(REDIRECTS, redirects);
		jdbc.update("UPDATE contact_redirects SET survivor_id = ? WHERE survivor_id IN (" + placeholders(others.size())
				+ ")", SqlArguments.args(keep, others));
		if (rows.has(DUPLICATES)) {
			owned.put(DUPLICATES, suggestionsToSurvivor(ids, keep));
		}
		jdbc.update("DELETE FROM contacts WHERE id IN (" + placeholders(others.size()) + ")", others.toArray());
		Map<String, String> survivor = survivorValues(byId, keep, choices, overrides);
		rows.update("contacts", survivor, Map.of("id", String.valueOf(keep)));
		jdbc.update("UPDATE contacts SET version = version + 1, updated_at = ? WHERE id = ?", now(), keep);
		choosePrimary("contact_phones", "phone", survivor.get("phone"), keep);
		String email = survivor.get("email");
		choosePrimary("contact_emails", "email_key", (email != null) ? email.strip().toLowerCase(Locale.ROOT) : null,
				keep);
		duplicates.refresh(List.of(keep));
		Map<String, String> after = rows.read("contacts", "id", List.of(keep)).get(0);
		MergeSnapshot snapshot = new MergeSnapshot(contacts, owned, dropped, added, after);
		LocalDateTime now = now();
		String merged = others.stream().map(String::valueOf).collect(Collectors.joining(","));
		KeyHolder key = new GeneratedKeyHolder();
		jdbc.update((connection) -> {
			PreparedStatement insert = connection.prepareStatement(
					"INSERT INTO contact_merges (survivor_id, "
							+ "merged_ids, staff_user_id, staff_name, created_at, snapshot) VALUES (?, ?, ?, ?, ?, ?)",
					new String[] { "id" });
			insert.setLong(1, keep);
			insert.setString(2, merged);
			insert.setObject(3, staffId);
			insert.setString(4, staffName);
			insert.setObject(5, now);
			insert.setString(6, json.writeValueAsString(snapshot));
			return insert;
		}, key);
		long mergeId = key.getKey().longValue();
		for (long other : others) {
			jdbc.update("INSERT INTO contact_redirects (merged_id, survivor_id, merge_id) VALUES (?, ?, ?)", other,
					keep, mergeId);
		}
		audit.record("contacts.merged", "merge " + mergeId,
				"contacts " + merged + " into contact " + keep + " (" + why + ")");
		return mergeId;
	}

	/**
	 * Moves the merged contacts' rows of a table to the survivor, except a row whose key
	 * the survivor already has: that one is dropped, and for an email what knows it joins
	 * the survivor's same email.
	 * @return the dropped rows
	 */
	private List<Map<String, String>> moveToSurvivor(MergeRows.Owned table, List<Map<String, String>> before, long keep,
			List<Map<String, String>> emailSources, Map<String, List<Map<String, String>>> added) {
		String survivorId = String.valueOf(keep);
		Set<Map<String, String>> taken = new LinkedHashSet<>();
		before.stream()
			.filter((row) -> survivorId.equals(row.get(table.contactColumn())))
			.forEach((row) -> taken.add(table.keyOf(row)));
		List<Map<String, String>> dropped = new ArrayList<>();
		for (Map<String, String> row : before) {
			if (survivorId.equals(row.get(table.contactColumn()))) {
				continue;
			}
			Map<String, String> where = new LinkedHashMap<>(table.keyOf(row));
			where.put(table.contactColumn(), row.get(table.contactColumn()));
			if (taken.add(table.keyOf(row))) {
				Map<String, String> moved = new LinkedHashMap<>();
				moved.put(table.contactColumn(), survivorId);
				if (table.hasPrimary()) {
					// the survivor's primary is chosen once every row is in
					moved.put("is_primary", "0");
				}
				rows.update(table.table(), moved, where);
			}
			else {
				if (table.table().equals("contact_emails")) {
					joinEmailSources(row, survivorId, emailSources, added);
				}
				rows.delete(table.table(), where);
				dropped.add(row);
			}
		}
		return dropped;
	}

	private void joinEmailSources(Map<String, String> email, String survivorId, List<Map<String, String>> sources,
			Map<String, List<Map<String, String>>> added) {
		Set<List<String>> survivors = new HashSet<>();
		sources.stream()
			.filter((source) -> survivorId.equals(source.get("contact_id")))
			.forEach((source) -> survivors.add(sourceKey(source)));
		for (Map<String, String> source : sources) {
			if (source.get("contact_id").equals(email.get("contact_id"))
					&& source.get("email_key").equals(email.get("email_key")) && survivors.add(sourceKey(source))) {
				Map<String, String> joined = new LinkedHashMap<>(source);
				joined.put("contact_id", survivorId);
				rows.insert(EMAIL_SOURCES, joined);
				added.computeIfAbsent(EMAIL_SOURCES, (table) -> new ArrayList<>()).add(joined);
			}
		}
	}

	private static List<String> sourceKey(Map<String, String> source) {
		return List.of(source.get("email_key"), source.get("source"), source.get("staff_user_id"));
	}

	/**
	 * Suggestions of the merged contacts become the survivor's; those between them are
	 * settled by the merge and go.
	 * @return the suggestions as they were
	 */
	private List<Map<String, String>> suggestionsToSurvivor(List<Long> ids, long keep) {
		String in = placeholders(ids.size());
		List<Map<String, String>> before = rows.readWhere(DUPLICATES,
				"contact_a IN (" + in + ") OR contact_b IN (" + in + ") ORDER BY id", SqlArguments.args(ids, ids));
		Set<String> merged = ids.stream().map(String::valueOf).collect(Collectors.toSet());
		for (Map<String, String> pair : before) {
			long a = merged.contains(pair.get("contact_a")) ? keep : Long.parseLong(pair.get("contact_a"));
			long b = merged.contains(pair.get("contact_b")) ? keep : Long.parseLong(pair.get("contact_b"));
			long low = Math.min(a, b);
			long high = Math.max(a, b);
			if (String.valueOf(low).equals(pair.get("contact_a"))
					&& String.valueOf(high).equals(pair.get("contact_b"))) {
				continue;
			}
			boolean taken = a == b || !jdbc
				.queryForList("SELECT id FROM contact_duplicates WHERE contact_a = ? AND contact_b = ? AND reason = ?",
						Long.class, low, high, pair.get("reason"))
				.isEmpty();
			if (taken) {
				rows.delete(DUPLICATES, Map.of("id", pair.get("id")));
			}
			else {
				rows.update(DUPLICATES, Map.of("contact_a", String.valueOf(low), "contact_b", String.valueOf(high)),
						Map.of("id", pair.get("id")));
			}
		}
		return before;
	}

	private void choosePrimary(String table, String column, String value, long contactId) {
		if (!rows.has(table) || value == null) {
			return;
		}
		jdbc.update("UPDATE " + table + " SET is_primary = FALSE WHERE contact_id = ? AND is_primary = TRUE",
				contactId);
		jdbc.update("UPDATE " + table + " SET is_primary = TRUE WHERE contact_id = ? AND " + column + " = ?", contactId,
				value);
	}

	private static Map<String, String> survivorValues(Map<Long, Map<String, String>> byId, long keep,
			Map<MergeField, Long> choices, Map<String, String> overrides) {
		Map<String, String> values = new LinkedHashMap<>();
		choices.forEach((field, id) -> values.put(field.column(), byId.get(id).get(field.column())));
		if (choices.get(MergeField.NAME) != keep) {
			values.put("name_edited", byId.get(choices.get(MergeField.NAME)).get("name_edited"));
		}
		values.putAll(overrides);
		if (byId.get(keep).containsKey("name_key")) {
			values.put("name_key", nameKey(values.get("name"), values.get("company")));
		}
		// the survivor stays known to each address book any of them came from
		for (String[] book : new String[][] { { "outlook_contact_id", "outlook_removed_at" },
				{ "google_contact_id", "google_removed_at" } }) {
			if (byId.get(keep).get(book[0]) == null) {
				byId.values().stream().filter((row) -> row.get(book[0]) != null).findFirst().ifPresent((row) -> {
					values.put(book[0], row.get(book[0]));
					values.put(book[1], row.get(book[1]));
				});
			}
		}
		return values;
	}

	private List<Long> undoLocked(long mergeId, StaffPrincipal staff) {
		List<Map<String, Object>> found = jdbc.queryForList(
				"SELECT survivor_id, merged_ids, created_at, undone_at, snapshot FROM contact_merges WHERE id = ? "
						+ "FOR UPDATE",
				mergeId);
		if (found.isEmpty()) {
			throw MergeRefusedException.notFound("merge.undo.notFound", mergeId);
		}
		Map<String, Object> merge = found.get(0);
		long keep = ((Number) merge.get("survivor_id")).longValue();
		if (merge.get("undone_at") != null) {
			throw MergeRefusedException.conflict("already_undone", "merge.undo.alreadyUndone", mergeId);
		}
		Instant created = ((Timestamp) merge.get("created_at")).toInstant();
		if (created.plus(UNDO_WINDOW).isBefore(Instant.now(clock))) {
			throw MergeRefusedException.conflict("undo_expired", "merge.undo.expired", UNDO_WINDOW.toDays());
		}
		List<Long> present = jdbc.queryForList("SELECT id FROM contacts WHERE id = ? FOR UPDATE", Long.class, keep);
		if (present.isEmpty()) {
			Optional<Long> later = jdbc
				.queryForList("SELECT merge_id FROM contact_redirects WHERE merged_id = ?", Long.class, keep)
				.stream()
				.findFirst();
			if (later.isPresent()) {
				throw MergeRefusedException.conflict("merged_since", "merge.undo.mergedSince", later.get());
			}
			throw MergeRefusedException.conflict("survivor_deleted", "merge.undo.survivorDeleted");
		}
		MergeSnapshot snapshot = json.readValue((String) merge.get("snapshot"), MergeSnapshot.class);
		restoreSurvivor(snapshot, keep);
		List<Long> back = new ArrayList<>();
		back.add(keep);
		jdbc.update("DELETE FROM contact_redirects WHERE merge_id = ?", mergeId);
		for (Map<String, String> contact : snapshot.contacts()) {
			long id = Long.parseLong(contact.get("id"));
			if (id != keep) {
				rows.insert("contacts", contact);
				back.add(id);
			}
		}
		String survivorId = String.valueOf(keep);
		for (Map<String, String> joined : snapshot.added().getOrDefault(EMAIL_SOURCES, List.of())) {
			rows.delete(EMAIL_SOURCES, joined);
		}
		List<Map<String, String>> emailsBack = new ArrayList<>();
		for (MergeRows.Owned table : rows.owned()) {
			List<Map<String, String>> dropped = snapshot.dropped().getOrDefault(table.table(), List.of());
			for (Map<String, String> row : snapshot.owned().getOrDefault(table.table(), List.of())) {
				String owner = row.get(table.contactColumn());
				if (survivorId.equals(owner)) {
					continue;
				}
				if (dropped.contains(row)) {
					rows.insert(table.table(), row);
					if (table.table().equals("contact_emails")) {
						emailsBack.add(row);
					}
					continue;
				}
				// the row as it is now (moved back with what it knows), if it is still
				// there
				Map<String, String> where = new LinkedHashMap<>(table.keyOf(row));
				where.put(table.contactColumn(), survivorId);
				rows.update(table.table(), Map.of(table.contactColumn(), owner), where);
			}
			if (table.hasPrimary()) {
				restorePrimaries(table, snapshot, back);
			}
		}
		for (Map<String, String> source : snapshot.owned().getOrDefault(EMAIL_SOURCES, List.of())) {
			if (emailsBack.stream()
				.anyMatch((email) -> email.get("contact_id").equals(source.get("contact_id"))
						&& email.get("email_key").equals(source.get("email_key")))) {
				rows.insert(EMAIL_SOURCES, source);
			}
		}
		for (Map<String, String> pair : snapshot.owned().getOrDefault(DUPLICATES, List.of())) {
			Map<String, String> ids = Map.of("contact_a", pair.get("contact_a"), "contact_b", pair.get("contact_b"));
			if (rows.update(DUPLICATES, ids, Map.of("id", pair.get("id"))) == 0) {
				rows.insert(DUPLICATES, pair);
			}
		}
		for (Map<String, String> redirect : snapshot.owned().getOrDefault(REDIRECTS, List.of())) {
			rows.update(REDIRECTS, Map.of("survivor_id", redirect.get("survivor_id")),
					Map.of("merged_id", redirect.get("merged_id"), "survivor_id", survivorId));
		}
		duplicates.refresh(back);
		jdbc.update("UPDATE contact_merges SET undone_at = ?, undone_by = ? WHERE id = ?", now(), staff.displayName(),
				mergeId);
		audit.record("contacts.unmerged", "merge " + mergeId, "contact " + keep + " split back into contacts "
				+ back.stream().map(String::valueOf).collect(Collectors.joining(", ")));
		return back;
	}

	/**
	 * Each contact's primary row of a table back to the one it was, where it still is.
	 */
	private void restorePrimaries(MergeRows.Owned table, MergeSnapshot snapshot, List<Long> contacts) {
		jdbc.update("UPDATE " + table.table() + " SET is_primary = FALSE WHERE is_primary = TRUE AND "
				+ table.contactColumn() + " IN (" + placeholders(contacts.size()) + ")", contacts.toArray());
		for (Map<String, String> row : snapshot.owned().getOrDefault(table.table(), List.of())) {
			if ("1".equals(row.get("is_primary"))) {
				Map<String, String> where = new LinkedHashMap<>(table.keyOf(row));
				where.put(table.contactColumn(), row.get(table.contactColumn()));
				rows.update(table.table(), Map.of("is_primary", "1"), where);
			}
		}
	}

	/**
	 * The survivor's values from before the merge, for every column still as the merge
	 * left it; a column changed since (by a sync, an edit, a later merge) keeps its new
	 * value. Its version only goes up, so a form loaded at any time before is refused.
	 */
	private void restoreSurvivor(MergeSnapshot snapshot, long keep) {
		Map<String, String> before = snapshot.contacts()
			.stream()
			.filter((row) -> String.valueOf(keep).equals(row.get("id")))
			.findFirst()
			.orElseThrow();
		Map<String, String> now = rows.read("contacts", "id", List.of(keep)).get(0);
		Map<String, String> restore = new LinkedHashMap<>();
		before.forEach((column, value) -> {
			if (!column.equals("id") && !column.equals("version") && !column.startsWith("known_")
					&& Objects.equals(now.get(column), snapshot.survivorAfter().get(column))
					&& !Objects.equals(now.get(column), value)) {
				restore.put(column, value);
			}
		});
		if (!restore.isEmpty()) {
			rows.update("contacts", restore, Map.of("id", String.valueOf(keep)));
		}
		jdbc.update("UPDATE contacts SET version = version + 1 WHERE id = ?", keep);
	}

	/**
	 * The people model's {@code contacts.name_key}: name and company with case, spacing
	 * and accents ignored, as its {@code NameKey} writes it.
	 */
	static String nameKey(String name, String company) {
		String key = fold(name) + " | " + fold(company);
		return (key.codePointCount(0, key.length()) <= 300) ? key : key.substring(0, key.offsetByCodePoints(0, 300));
	}

	private static String fold(String text) {
		if (text == null) {
			return "";
		}
		String bare = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
		return bare.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
	}

	private static String choiceSummary(Map<MergeField, Long> choices) {
		return choices.entrySet()
			.stream()
			.map((choice) -> choice.getKey().code() + " from " + choice.getValue())
			.collect(Collectors.joining(", "));
	}

	private LocalDateTime now() {
		return LocalDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

	private static MergeLog log(java.sql.ResultSet rs) throws java.sql.SQLException {
		Timestamp undone = rs.getTimestamp("undone_at");
		List<Long> merged = new ArrayList<>();
		for (String id : rs.getString("merged_ids").split(",")) {
			merged.add(Long.valueOf(id));
		}
		Instant created = rs.getTimestamp("created_at").toInstant();
		return new MergeLog(rs.getLong("id"), rs.getLong("survivor_id"), merged, rs.getString("staff_name"), created,
				(undone != null) ? undone.toInstant() : null, rs.getString("undone_by"), created.plus(UNDO_WINDOW));
	}

	/**
	 * What to merge.
	 *
	 * @param ids two to five contacts
	 * @param keep the one that survives, among them
	 * @param choices whose value of a field survives, where not the default
	 * @param dryRun whether to only show the result
	 */
	record MergeRequest(List<Long> ids, long keep, Map<MergeField, Long> choices, boolean dryRun) {
	}

	/**
	 * A merge done (or shown).
	 *
	 * @param mergeId its id, or {@code null} for a dry run
	 * @param contact the survivor
	 */
	record Merged(Long mergeId, ContactJson contact) {
	}

	/**
	 * Everything an undo needs, kept as JSON with the merge.
	 *
	 * @param contacts every merged contact's row before the merge
	 * @param owned by table, every row that belonged to them or (suggestions, redirects)
	 * named them, as it was
	 * @param dropped by table, the rows the merge deleted because the survivor had the
	 * same
	 * @param added by table, the rows the merge wrote for the survivor
	 * @param survivorAfter the survivor's row right after the merge
	 */
	record MergeSnapshot(List<Map<String, String>> contacts, Map<String, List<Map<String, String>>> owned,
			Map<String, List<Map<String, String>>> dropped, Map<String, List<Map<String, String>>> added,
			Map<String, String> survivorAfter) {
	}

	/**
	 * A merge in the log.
	 *
	 * @param id the merge
	 * @param survivorId the contact that stayed
	 * @param mergedIds the contacts merged into it
	 * @param staffName who merged
	 * @param createdAt when
	 * @param undoneAt when it was undone, or {@code null}
	 * @param undoneBy who undid it, or {@code null}
	 * @param undoUntil the end of the time an undo is possible
	 */
	record MergeLog(long id, long survivorId, List<Long> mergedIds, String staffName, Instant createdAt,
			Instant undoneAt, String undoneBy, Instant undoUntil) {

		boolean canUndo(Instant now) {
			return undoneAt == null && now.isBefore(undoUntil);
		}

	}

}
