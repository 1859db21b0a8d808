package com.whiskeysocket.crm.sync;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.contacts.LeadStatus;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The write-back's tables: settings (and each address book's lease), the outbox and the
 * copies last written. Every node works the same rows; the database decides who does what
 * ({@code SELECT … FOR UPDATE SKIP LOCKED} on the settings row of an address book).
 */
@Component
class WriteBackStore {

	private static final Logger log = LoggerFactory.getLogger(WriteBackStore.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private volatile boolean skipLocked = true;

	WriteBackStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	/** An outbox row as claimed: which contact, and the generation seen. */
	record Row(long contactId, long generation, boolean typed, int attempts) {

	}

	/** A copy last written. */
	record Copy(long contactId, String externalId, String etag, AddressBookEntry written, boolean createdByCrm,
			boolean detached, Instant writtenAt) {

		AddressBookCopy asCopy() {
			return new AddressBookCopy(externalId, etag, written, true);
		}

	}

	Optional<WriteBackSettings> settings(long staffId, SyncProvider provider) {
		return jdbc
			.query("SELECT * FROM write_back_settings WHERE staff_user_id = ? AND provider = ?",
					(rs, n) -> new WriteBackSettings(staffId, provider, rs.getBoolean("enabled"),
							WriteBackSettings.ALL.equals(rs.getString("scope")), statuses(rs.getString("statuses")),
							rs.getString("paused_reason"), instant(rs.getTimestamp("last_written_at"))),
					staffId, provider.code())
			.stream()
			.findFirst();
	}

	/** A staff member's settings of every provider, in one read (for the sync panels). */
	Map<SyncProvider, WriteBackSettings> settings(long staffId) {
		Map<SyncProvider, WriteBackSettings> settings = new HashMap<>();
		jdbc.query("SELECT * FROM write_back_settings WHERE staff_user_id = ?", (rs) -> {
			SyncProvider provider = provider(rs.getString("provider"));
			settings.put(provider,
					new WriteBackSettings(staffId, provider, rs.getBoolean("enabled"),
							WriteBackSettings.ALL.equals(rs.getString("scope")), statuses(rs.getString("statuses")),
							rs.getString("paused_reason"), instant(rs.getTimestamp("last_written_at"))));
		}, staffId);
		return settings;
	}

	List<WriteBackSettings> enabled() {
		return jdbc.query("SELECT * FROM write_back_settings WHERE enabled = TRUE",
				(rs, n) -> new WriteBackSettings(rs.getLong("staff_user_id"), provider(rs.getString("provider")), true,
						WriteBackSettings.ALL.equals(rs.getString("scope")), statuses(rs.getString("statuses")),
						rs.getString("paused_reason"), instant(rs.getTimestamp("last_written_at"))));
	}

	/**
	 * Saves the settings; turning it on (again) starts filling the address book from the
	 * first contact, turning it off drops what waits.
	 */
	void save(long staffId, SyncProvider provider, boolean enabled, String scope, Set<LeadStatus> statuses,
			boolean fill) {
		Instant now = Instant.now();
		String codes = statuses.isEmpty() ? null
				: statuses.stream().map(LeadStatus::code).sorted().collect(Collectors.joining(","));
		transaction.executeWithoutResult((tx) -> {
			jdbc.update("INSERT IGNORE INTO write_back_settings (staff_user_id, provider, updated_at) VALUES (?, ?, ?)",
					staffId, provider.code(), timestamp(now));
			jdbc.update(
					"UPDATE write_back_settings SET enabled = ?, scope = ?, statuses = ?, paused_reason = NULL, "
							+ "fill_after_id = " + (fill ? "0" : "CASE WHEN ? THEN fill_after_id ELSE NULL END")
							+ ", updated_at = ? WHERE staff_user_id = ? AND provider = ?",
					fill ? new Object[] { enabled, scope, codes, timestamp(now), staffId, provider.code() }
							: new Object[] { enabled, scope, codes, enabled, timestamp(now), staffId,
									provider.code() });
			if (!enabled) {
				jdbc.update("DELETE FROM write_back_outbox WHERE staff_user_id = ? AND provider = ?", staffId,
						provider.code());
			}
		});
	}

	void pause(long staffId, SyncProvider provider, String reason) {
		jdbc.update("UPDATE write_back_settings SET paused_reason = ? WHERE staff_user_id = ? AND provider = ?", reason,
				staffId, provider.code());
	}

	/** Un-pauses accounts whose connection can write again. */
	void resume(long staffId, SyncProvider provider) {
		jdbc.update("UPDATE write_back_settings SET paused_reason = NULL WHERE staff_user_id = ? AND provider = ? "
				+ "AND paused_reason IS NOT NULL", staffId, provider.code());
	}

	List<WriteBackSettings> paused() {
		return jdbc.query("SELECT * FROM write_back_settings WHERE enabled = TRUE AND paused_reason IS NOT NULL",
				(rs, n) -> new WriteBackSettings(rs.getLong("staff_user_id"), provider(rs.getString("provider")), true,
						WriteBackSettings.ALL.equals(rs.getString("scope")), statuses(rs.getString("statuses")),
						rs.getString("paused_reason"), instant(rs.getTimestamp("last_written_at"))));
	}

	/**
	 * Puts contacts in an address book's outbox, one statement for up to 500: a contact
	 * already waiting is not added again, its generation moves (so a write under way
	 * leaves it waiting), and a failed one is tried again.
	 */
	void enqueue(long staffId, SyncProvider provider, Collection<Long> contactIds, boolean typed, Instant due) {
		Timestamp at = timestamp(due);
		Timestamp now = timestamp(Instant.now());
		List<Long> ids = new ArrayList<>(new LinkedHashSet<>(contactIds));
		for (int from = 0; from < ids.size(); from += 500) {
			List<Long> chunk = ids.subList(from, Math.min(from + 500, ids.size()));
			List<Object> args = new ArrayList<>();
			for (long id : chunk) {
				args.addAll(List.of(id, staffId, provider.code(), typed, at, now));
			}
			args.add(typed);
			jdbc.update(
					"INSERT INTO write_back_outbox (contact_id, staff_user_id, provider, typed, due_at, created_at) "
							+ "VALUES "
							+ String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?)"))
							// attempts before failed: MariaDB and MySQL apply these
							// left to right, and a failed row must start its attempts
							// over
							+ " ON DUPLICATE KEY UPDATE generation = generation + 1, typed = (typed OR ?), "
							+ "attempts = CASE WHEN failed THEN 0 ELSE attempts END, failed = FALSE",
					args.toArray());
		}
	}

	/** Address books with something due, unclaimed, without locking anything. */
	List<Map.Entry<Long, SyncProvider>> withWork() {
		Timestamp now = timestamp(Instant.now());
		return jdbc.query(
				"SELECT s.staff_user_id, s.provider FROM write_back_settings s WHERE s.enabled = TRUE "
						+ "AND s.paused_reason IS NULL AND (s.lease_until IS NULL OR s.lease_until < ?) "
						+ "AND (s.fill_after_id IS NOT NULL OR EXISTS (SELECT 1 FROM write_back_outbox o "
						+ "WHERE o.staff_user_id = s.staff_user_id AND o.provider = s.provider AND o.failed = FALSE "
						+ "AND o.due_at <= ?)) ORDER BY s.lease_until",
				(rs, n) -> Map.entry(rs.getLong(1), provider(rs.getString(2))), now, now);
	}

	/**
	 * Claims one address book for this node: {@code SKIP LOCKED} passes over a row
	 * another node is claiming this instant, and the lease keeps it ours afterwards.
	 * @return whether this node now works it
	 */
	boolean claim(long staffId, SyncProvider provider, String node, Instant leaseUntil) {
		try {
			return claim(staffId, provider, node, leaseUntil, skipLocked ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE");
		}
		catch (BadSqlGrammarException ex) {
			if (!skipLocked) {
				throw ex;
			}
			log.info("The database does not support SKIP LOCKED; write-back claims use FOR UPDATE");
			skipLocked = false;
			return claim(staffId, provider, node, leaseUntil, " FOR UPDATE");
		}
	}

	private boolean claim(long staffId, SyncProvider provider, String node, Instant leaseUntil, String lock) {
		return Boolean.TRUE.equals(transaction.execute((tx) -> {
			Timestamp now = timestamp(Instant.now());
			List<Long> free = jdbc.queryForList(
					"SELECT staff_user_id FROM write_back_settings WHERE staff_user_id = ? AND provider = ? "
							+ "AND enabled = TRUE AND (lease_until IS NULL OR lease_until < ?)" + lock,
					Long.class, staffId, provider.code(), now);
			if (free.isEmpty()) {
				return false;
			}
			jdbc.update("UPDATE write_back_settings SET lease_owner = ?, lease_until = ? WHERE staff_user_id = ? "
					+ "AND provider = ?", node, timestamp(leaseUntil), staffId, provider.code());
			return true;
		}));
	}

	/** Keeps the claim; false when another node took it over (this one was too slow). */
	boolean renew(long staffId, SyncProvider provider, String node, Instant leaseUntil) {
		return jdbc.update("UPDATE write_back_settings SET lease_until = ? WHERE staff_user_id = ? AND provider = ? "
				+ "AND lease_owner = ?", timestamp(leaseUntil), staffId, provider.code(), node) == 1;
	}

	void release(long staffId, SyncProvider provider, String node) {
		jdbc.update("UPDATE write_back_settings SET lease_owner = NULL, lease_until = NULL WHERE staff_user_id = ? "
				+ "AND provider = ? AND lease_owner = ?", staffId, provider.code(), node);
	}

	/** The fill's cursor: the last contact id put in the outbox, or empty when done. */
	Optional<Long> fillCursor(long staffId, SyncProvider provider) {
		return jdbc
			.queryForList("SELECT fill_after_id FROM write_back_settings WHERE staff_user_id = ? AND provider = ? "
					+ "AND fill_after_id IS NOT NULL", Long.class, staffId, provider.code())
			.stream()
			.findFirst();
	}

	void fillCursor(long staffId, SyncProvider provider, Long afterId) {
		jdbc.update("UPDATE write_back_settings SET fill_after_id = ? WHERE staff_user_id = ? AND provider = ?",
				afterId, staffId, provider.code());
	}

	List<Row> due(long staffId, SyncProvider provider, int limit) {
		return jdbc.query(
				"SELECT contact_id, generation, typed, attempts FROM write_back_outbox WHERE staff_user_id = ? "
						+ "AND provider = ? AND failed = FALSE AND due_at <= ? ORDER BY due_at, contact_id LIMIT ?",
				(rs, n) -> new Row(rs.getLong(1), rs.getLong(2), rs.getBoolean(3), rs.getInt(4)), staffId,
				provider.code(), timestamp(Instant.now()), limit);
	}

	/**
	 * A row written: gone, unless a newer change came meanwhile (then it waits again).
	 */
	void done(long staffId, SyncProvider provider, Row row) {
		int deleted = jdbc.update(
				"DELETE FROM write_back_outbox WHERE staff_user_id = ? AND provider = ? "
						+ "AND contact_id = ? AND generation = ?",
				staffId, provider.code(), row.contactId(), row.generation());
		if (deleted == 0) {
			jdbc.update("UPDATE write_back_outbox SET attempts = 0, last_error = NULL WHERE staff_user_id = ? "
					+ "AND provider = ? AND contact_id = ?", staffId, provider.code(), row.contactId());
		}
	}

	/**
	 * Rows written, in two batched statements: gone, unless a newer change came meanwhile
	 * (then they wait again).
	 */
	void done(long staffId, SyncProvider provider, List<Row> rows) {
		if (rows.isEmpty()) {
			return;
		}
		int[] deleted = jdbc.batchUpdate(
				"DELETE FROM write_back_outbox WHERE staff_user_id = ? AND provider = ? AND contact_id = ? "
						+ "AND generation = ?",
				rows.stream()
					.map((row) -> new Object[] { staffId, provider.code(), row.contactId(), row.generation() })
					.toList());
		List<Object[]> waiting = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			if (deleted[i] == 0) {
				waiting.add(new Object[] { staffId, provider.code(), rows.get(i).contactId() });
			}
		}
		if (!waiting.isEmpty()) {
			jdbc.batchUpdate("UPDATE write_back_outbox SET attempts = 0, last_error = NULL WHERE staff_user_id = ? "
					+ "AND provider = ? AND contact_id = ?", waiting);
		}
	}

	void failed(long staffId, SyncProvider provider, Row row, String error, Instant retryAt, boolean giveUp) {
		jdbc.update(
				"UPDATE write_back_outbox SET attempts = attempts + 1, last_error = ?, due_at = ?, failed = ? "
						+ "WHERE staff_user_id = ? AND provider = ? AND contact_id = ?",
				error, timestamp(retryAt), giveUp, staffId, provider.code(), row.contactId());
	}

	/** Failed rows are tried again now (the panel's retry). */
	int retryFailed(long staffId, SyncProvider provider) {
		return jdbc.update(
				"UPDATE write_back_outbox SET failed = FALSE, attempts = 0, due_at = ? "
						+ "WHERE staff_user_id = ? AND provider = ? AND failed = TRUE",
				timestamp(Instant.now()), staffId, provider.code());
	}

	void written(long staffId, SyncProvider provider) {
		jdbc.update("UPDATE write_back_settings SET last_written_at = ? WHERE staff_user_id = ? AND provider = ?",
				timestamp(Instant.now()), staffId, provider.code());
	}

	/** Waiting and failed rows, and the reason of the latest failures. */
	record Counts(int pending, int failed, List<String> errors) {

	}

	Counts counts(long staffId, SyncProvider provider) {
		Integer pending = jdbc.queryForObject("SELECT COUNT(*) FROM write_back_outbox WHERE staff_user_id = ? "
				+ "AND provider = ? AND failed = FALSE", Integer.class, staffId, provider.code());
		Integer failed = jdbc.queryForObject("SELECT COUNT(*) FROM write_back_outbox WHERE staff_user_id = ? "
				+ "AND provider = ? AND failed = TRUE", Integer.class, staffId, provider.code());
		List<String> errors = jdbc.queryForList(
				"SELECT DISTINCT last_error FROM write_back_outbox "
						+ "WHERE staff_user_id = ? AND provider = ? AND failed = TRUE AND last_error IS NOT NULL",
				String.class, staffId, provider.code());
		return new Counts(pending, failed, errors);
	}

	/**
	 * What waits and what failed in each of a staff member's address books, in one read
	 * (for the sync panels): as {@link #counts(long, SyncProvider)} per provider.
	 */
	Map<SyncProvider, Counts> counts(long staffId) {
		Map<SyncProvider, int[]> numbers = new HashMap<>();
		Map<SyncProvider, Set<String>> errors = new HashMap<>();
		jdbc.query("SELECT provider, failed, last_error, COUNT(*) FROM write_back_outbox WHERE staff_user_id = ? "
				+ "GROUP BY provider, failed, last_error", (rs) -> {
					SyncProvider provider = provider(rs.getString(1));
					boolean failed = rs.getBoolean(2);
					String error = rs.getString(3);
					numbers.computeIfAbsent(provider, (p) -> new int[2])[failed ? 1 : 0] += rs.getInt(4);
					if (failed && error != null) {
						errors.computeIfAbsent(provider, (p) -> new LinkedHashSet<>()).add(error);
					}
				}, staffId);
		Map<SyncProvider, Counts> counts = new HashMap<>();
		numbers.forEach((provider, n) -> counts.put(provider,
				new Counts(n[0], n[1], List.copyOf(errors.getOrDefault(provider, Set.of())))));
		return counts;
	}

	Optional<Copy> copy(long staffId, SyncProvider provider, long contactId) {
		return jdbc
			.query("SELECT * FROM write_back_copies WHERE staff_user_id = ? AND provider = ? AND contact_id = ?",
					(rs, n) -> new Copy(contactId, rs.getString("external_id"), rs.getString("etag"),
							read(rs.getString("written_values")), rs.getBoolean("created_by_crm"),
							rs.getTimestamp("detached_at") != null, instant(rs.getTimestamp("written_at"))),
					staffId, provider.code(), contactId)
			.stream()
			.findFirst();
	}

	/** The copies last written of these contacts in one address book, by contact id. */
	Map<Long, Copy> copies(long staffId, SyncProvider provider, Collection<Long> contactIds) {
		Map<Long, Copy> copies = new HashMap<>();
		List<Long> all = new ArrayList<>(contactIds);
		for (int from = 0; from < all.size(); from += 500) {
			List<Long> chunk = all.subList(from, Math.min(from + 500, all.size()));
			List<Object> args = new ArrayList<>(List.of(staffId, provider.code()));
			args.addAll(chunk);
			jdbc.query("SELECT * FROM write_back_copies WHERE staff_user_id = ? AND provider = ? AND contact_id IN ("
					+ SyncLeases.placeholders(chunk.size()) + ")", (rs) -> {
						long contactId = rs.getLong("contact_id");
						copies.put(contactId, new Copy(contactId, rs.getString("external_id"), rs.getString("etag"),
								read(rs.getString("written_values")), rs.getBoolean("created_by_crm"),
								rs.getTimestamp("detached_at") != null, instant(rs.getTimestamp("written_at"))));
					}, args.toArray());
		}
		return copies;
	}

	/** A copy to record as written. */
	record Written(long contactId, AddressBookCopy copy, boolean createdByCrm) {

	}

	/**
	 * Records many copies as written, one statement for up to 200: those known updated
	 * (who made them unchanged), the rest inserted.
	 */
	void saveCopies(long staffId, SyncProvider provider, List<Written> copies) {
		Timestamp now = timestamp(Instant.now());
		for (int from = 0; from < copies.size(); from += 200) {
			List<Written> chunk = copies.subList(from, Math.min(from + 200, copies.size()));
			List<Object> args = new ArrayList<>();
			for (Written written : chunk) {
				args.addAll(java.util.Arrays.asList(written.contactId(), staffId, provider.code(),
						written.copy().externalId(), written.copy().etag(), write(written.copy().entry()),
						written.createdByCrm(), now));
			}
			jdbc.update("INSERT INTO write_back_copies (contact_id, staff_user_id, provider, external_id, etag, "
					+ "written_values, created_by_crm, written_at) VALUES "
					+ String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?, ?, ?)"))
					+ " ON DUPLICATE KEY UPDATE external_id = VALUES(external_id), etag = VALUES(etag), "
					+ "written_values = VALUES(written_values), written_at = VALUES(written_at), detached_at = NULL",
					args.toArray());
		}
	}

	/** An address book holding a copy of a contact. */
	record Holder(long contactId, long staffId, SyncProvider provider) {

	}

	/** The address books holding a copy of any of these contacts. */
	List<Holder> copiesOf(Collection<Long> contactIds) {
		List<Holder> holders = new ArrayList<>();
		List<Long> all = new ArrayList<>(contactIds);
		for (int from = 0; from < all.size(); from += 500) {
			List<Long> chunk = all.subList(from, Math.min(from + 500, all.size()));
			holders.addAll(jdbc.query("SELECT contact_id, staff_user_id, provider FROM write_back_copies "
					+ "WHERE detached_at IS NULL AND contact_id IN (" + SyncLeases.placeholders(chunk.size()) + ")",
					(rs, n) -> new Holder(rs.getLong(1), rs.getLong(2), provider(rs.getString(3))), chunk.toArray()));
		}
		return holders;
	}

	/** Records what was written (or found and linked) as the base of later merges. */
	void saveCopy(long staffId, SyncProvider provider, long contactId, AddressBookCopy copy, boolean createdByCrm) {
		Timestamp now = timestamp(Instant.now());
		String values = write(copy.entry());
		int updated = jdbc.update(
				"UPDATE write_back_copies SET external_id = ?, etag = ?, written_values = ?, written_at = ?, "
						+ "detached_at = NULL WHERE staff_user_id = ? AND provider = ? AND contact_id = ?",
				copy.externalId(), copy.etag(), values, now, staffId, provider.code(), contactId);
		if (updated == 0) {
			jdbc.update(
					"INSERT INTO write_back_copies (contact_id, staff_user_id, provider, external_id, etag, "
							+ "written_values, created_by_crm, written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
					contactId, staffId, provider.code(), copy.externalId(), copy.etag(), values, createdByCrm, now);
		}
	}

	Map<String, WriteBack.Written> written(long staffId, SyncProvider provider, Collection<String> externalIds) {
		Map<String, WriteBack.Written> written = new HashMap<>();
		List<String> all = new ArrayList<>(externalIds);
		for (int from = 0; from < all.size(); from += 500) {
			List<String> chunk = all.subList(from, Math.min(from + 500, all.size()));
			List<Object> args = new ArrayList<>(List.of(staffId, provider.code()));
			args.addAll(chunk);
			// a typed change still waiting in the outbox wins a conflict with the read
			jdbc.query("SELECT c.contact_id, c.external_id, c.etag, c.written_values, o.typed "
					+ "FROM write_back_copies c LEFT JOIN write_back_outbox o ON o.staff_user_id = c.staff_user_id "
					+ "AND o.provider = c.provider AND o.contact_id = c.contact_id "
					+ "WHERE c.staff_user_id = ? AND c.provider = ? AND c.detached_at IS NULL AND c.external_id IN ("
					+ SyncLeases.placeholders(chunk.size()) + ")", (rs) -> {
						written.put(rs.getString("external_id"), new WriteBack.Written(rs.getLong("contact_id"),
								rs.getString("etag"), read(rs.getString("written_values")), rs.getBoolean("typed")));
					}, args.toArray());
		}
		return written;
	}

	void detachByExternalIds(long staffId, SyncProvider provider, Collection<String> externalIds) {
		if (externalIds.isEmpty()) {
			return;
		}
		List<Object> args = new ArrayList<>(List.of(timestamp(Instant.now()), staffId, provider.code()));
		args.addAll(externalIds);
		jdbc.update("UPDATE write_back_copies SET detached_at = ? WHERE staff_user_id = ? AND provider = ? "
				+ "AND detached_at IS NULL AND external_id IN (" + SyncLeases.placeholders(externalIds.size()) + ")",
				args.toArray());
	}

	/** The copy was deleted in the address book: the CRM stops writing it. */
	void detach(long staffId, SyncProvider provider, long contactId) {
		jdbc.update("UPDATE write_back_copies SET detached_at = ? WHERE staff_user_id = ? AND provider = ? "
				+ "AND contact_id = ?", timestamp(Instant.now()), staffId, provider.code(), contactId);
	}

	void deleteCopy(long staffId, SyncProvider provider, long contactId) {
		jdbc.update("DELETE FROM write_back_copies WHERE staff_user_id = ? AND provider = ? AND contact_id = ?",
				staffId, provider.code(), contactId);
	}

	/** A contact's write that gave up: whose address book, and why. */
	record Failed(long staffId, SyncProvider provider, String code) {

	}

	List<Failed> failedFor(long contactId) {
		return jdbc.query(
				"SELECT staff_user_id, provider, last_error FROM write_back_outbox WHERE contact_id = ? AND failed = TRUE "
						+ "ORDER BY staff_user_id, provider",
				(rs, n) -> new Failed(rs.getLong(1), provider(rs.getString(2)), rs.getString(3)), contactId);
	}

	/** Where a contact is saved: staff member, provider and when, newest first. */
	record Saved(long staffId, SyncProvider provider, Instant writtenAt) {

	}

	List<Saved> savedIn(long contactId) {
		return jdbc.query(
				"SELECT staff_user_id, provider, written_at FROM write_back_copies WHERE contact_id = ? "
						+ "AND detached_at IS NULL ORDER BY written_at DESC",
				(rs, n) -> new Saved(rs.getLong(1), provider(rs.getString(2)), instant(rs.getTimestamp(3))), contactId);
	}

	static String write(AddressBookEntry entry) {
		return JSON.writeValueAsString(entry);
	}

	static AddressBookEntry read(String json) {
		return JSON.readValue(json, AddressBookEntry.class);
	}

	private static Set<LeadStatus> statuses(String codes) {
		if (codes == null || codes.isBlank()) {
			return Set.of();
		}
		return Arrays.stream(codes.split(","))
			.map((code) -> LeadStatus.valueOf(code.strip().toUpperCase(Locale.ROOT)))
			.collect(Collectors.toUnmodifiableSet());
	}

	private static SyncProvider provider(String code) {
		return SyncProvider.valueOf(code.toUpperCase(Locale.ROOT));
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.valueOf(SyncLeases.utc(instant));
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime().toInstant(java.time.ZoneOffset.UTC) : null;
	}

}
