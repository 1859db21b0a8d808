package com.whiskeysocket.crm.sync;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database side of runs: which run is active for a staff member and provider (one
 * {@code sync_accounts} row per pair, locked with {@code SELECT … FOR UPDATE} while a run
 * is admitted), the lease its node renews, progress, and the end of a run (which frees
 * the slot and sets when the account is next due). Every node shares these rows, so no
 * decision depends on one JVM's memory. Which accounts are due is {@link DueAccounts}.
 */
@Component
class SyncLeases {

	private static final Logger log = LoggerFactory.getLogger(SyncLeases.class);

	/**
	 * Tries of a start whose transaction lost a lock race (deadlock, Galera conflict).
	 */
	private static final int CLAIM_ATTEMPTS = 3;

	enum Phase {

		STARTING, READING, FINISHING;

		String code() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final SyncProperties properties;

	private final DueAccounts accounts;

	SyncLeases(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, SyncProperties properties,
			DueAccounts accounts) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactionManager);
		this.properties = properties;
		this.accounts = accounts;
	}

	String nodeId() {
		return properties.nodeId();
	}

	/**
	 * Admits a new run, unless one is active with a live lease. An active run whose lease
	 * has expired is marked {@code interrupted} and replaced.
	 * @throws SyncInProgressException if a live run holds the slot
	 */
	SyncRun claim(long staffId, SyncProvider provider, SyncTrigger trigger) {
		accounts.ensure(staffId, provider, Instant.now());
		for (int attempt = 1;; attempt++) {
			try {
				return transaction.execute((status) -> claimLocked(staffId, provider, trigger));
			}
			catch (ConcurrencyFailureException ex) {
				if (attempt == CLAIM_ATTEMPTS) {
					// another node's start won the race for the slot
					throw new SyncInProgressException();
				}
			}
		}
	}

	private SyncRun claimLocked(long staffId, SyncProvider provider, SyncTrigger trigger) {
		Instant now = Instant.now();
		Long active = jdbc.query(
				"SELECT active_run_id FROM sync_accounts WHERE staff_user_id = ? AND provider = ? FOR UPDATE",
				(rs) -> rs.next() ? (Long) rs.getObject(1, Long.class) : null, staffId, provider.code());
		if (active != null && !interruptIfExpired(active, now)) {
			throw new SyncInProgressException();
		}
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		jdbc.update((connection) -> {
			PreparedStatement insert = connection.prepareStatement("INSERT INTO sync_runs (staff_user_id, provider, "
					+ "trigger_type, status, started_at, node_id, heartbeat_at, lease_expires_at, phase) "
					+ "VALUES (?, ?, ?, 'running', ?, ?, ?, ?, 'starting')", new String[] { "id" });
			insert.setLong(1, staffId);
			insert.setString(2, provider.code());
			insert.setString(3, trigger.code());
			insert.setObject(4, utc(now));
			insert.setString(5, nodeId());
			insert.setObject(6, utc(now));
			insert.setObject(7, utc(now.plus(properties.lease())));
			return insert;
		}, key);
		long runId = key.getKey().longValue();
		jdbc.update("UPDATE sync_accounts SET active_run_id = ? WHERE staff_user_id = ? AND provider = ?", runId,
				staffId, provider.code());
		return new SyncRun(this, runId, staffId, provider, trigger, now);
	}

	/**
	 * Marks a run interrupted if its lease has expired; the caller holds its account row.
	 * @return whether the run no longer holds the slot
	 */
	private boolean interruptIfExpired(long runId, Instant now) {
		List<Object[]> rows = jdbc.query(
				"SELECT status, lease_expires_at, started_at, heartbeat_at FROM sync_runs WHERE id = ? FOR UPDATE",
				(rs, i) -> new Object[] { rs.getString(1), rs.getTimestamp(2), rs.getTimestamp(3), rs.getTimestamp(4) },
				runId);
		if (rows.isEmpty() || !"running".equals(rows.get(0)[0])) {
			return true;
		}
		Instant expires = instant((Timestamp) rows.get(0)[1]);
		if (expires != null && expires.isAfter(now)) {
			return false;
		}
		Instant started = instant((Timestamp) rows.get(0)[2]);
		Instant lastSeen = instant((Timestamp) rows.get(0)[3]);
		Instant end = (lastSeen != null) ? lastSeen : started;
		jdbc.update(
				"UPDATE sync_runs SET status = 'interrupted', error_code = 'lease_expired', finished_at = ?, "
						+ "duration_ms = ?, phase = NULL, lease_expires_at = NULL WHERE id = ?",
				utc(end), Duration.between(started, end).toMillis(), runId);
		log.info("Sync run {} stopped renewing its lease; marked interrupted", runId);
		return true;
	}

	/**
	 * Writes a run's progress and counts so far, and renews its lease.
	 * @throws SyncLeaseLostException if the run is no longer this node's
	 */
	void progress(SyncRun run, Phase phase) {
		Instant now = Instant.now();
		SyncCounts c = run.counts();
		int updated = jdbc.update(
				"UPDATE sync_runs SET heartbeat_at = ?, lease_expires_at = ?, phase = ?, "
						+ "folders_done = ?, folders = ?, added = ?, updated = ?, merged = ?, unchanged = ?, "
						+ "skipped_no_phone = ?, skipped_invalid_phone = ?, duplicates = ?, total = ?, removed = ? "
						+ "WHERE id = ? AND status = 'running' AND node_id = ?",
				utc(now), utc(now.plus(properties.lease())), phase.code(), run.foldersDone(), run.folders(), c.added(),
				c.updated(), c.merged(), c.unchanged(), c.skippedNoPhone(), c.skippedInvalidPhone(), c.duplicates(),
				c.total(), c.removed(), run.id(), nodeId());
		if (updated == 0) {
			throw new SyncLeaseLostException(run.id());
		}
	}

	/**
	 * Renews the leases of this node's runs between pages.
	 * @return the runs among them that this node no longer holds
	 */
	Set<Long> heartbeat(Collection<Long> runIds) {
		if (runIds.isEmpty()) {
			return Set.of();
		}
		Instant now = Instant.now();
		List<Object> args = new ArrayList<>(List.of(utc(now), utc(now.plus(properties.lease())), nodeId()));
		args.addAll(runIds);
		jdbc.update("UPDATE sync_runs SET heartbeat_at = ?, lease_expires_at = ? WHERE node_id = ? "
				+ "AND status = 'running' AND id IN (" + placeholders(runIds.size()) + ")", args.toArray());
		List<Object> held = new ArrayList<>(List.of(nodeId()));
		held.addAll(runIds);
		Set<Long> lost = new HashSet<>(runIds);
		lost.removeAll(jdbc.queryForList("SELECT id FROM sync_runs WHERE node_id = ? AND status = 'running' AND id IN ("
				+ placeholders(runIds.size()) + ")", Long.class, held.toArray()));
		return lost;
	}

	/**
	 * Records the end of a run and frees its slot, if the run is still this node's. A
	 * successful run schedules the next one an interval later; a failed one backs off.
	 * @param status {@code succeeded}, {@code failed} or {@code interrupted}
	 * @return whether it was recorded (false if another node took the run over)
	 */
	boolean end(SyncRun run, String status, SyncCounts counts, String errorCode, String mode) {
		return end(run, status, counts, errorCode, mode, properties.interval());
	}

	/**
	 * Records the end of a run, as above; a successful run schedules the next one
	 * {@code pace} later (see {@link SyncPace}).
	 */
	boolean end(SyncRun run, String status, SyncCounts counts, String errorCode, String mode, Duration pace) {
		Instant now = Instant.now();
		return Boolean.TRUE.equals(transaction.execute((tx) -> {
			Integer failures = jdbc.query(
					"SELECT failures FROM sync_accounts WHERE staff_user_id = ? AND provider = ? FOR UPDATE",
					(rs) -> rs.next() ? rs.getInt(1) : null, run.staffId(), run.provider().code());
			int updated = jdbc.update("UPDATE sync_runs SET status = ?, finished_at = ?, duration_ms = ?, added = ?, "
					+ "updated = ?, merged = ?, unchanged = ?, skipped_no_phone = ?, skipped_invalid_phone = ?, "
					+ "duplicates = ?, total = ?, folders = ?, removed = ?, mode = ?, error_code = ?, phase = NULL, "
					+ "lease_expires_at = NULL WHERE id = ? AND status = 'running' AND node_id = ?", status, utc(now),
					Duration.between(run.startedAt(), now).toMillis(), counts.added(), counts.updated(),
					counts.merged(), counts.unchanged(), counts.skippedNoPhone(), counts.skippedInvalidPhone(),
					counts.duplicates(), counts.total(), Math.max(counts.folders(), run.folders()), counts.removed(),
					mode, errorCode, run.id(), nodeId());
			if (updated == 0) {
				return false;
			}
			if (failures != null) {
				int failuresNow = switch (status) {
					case "succeeded" -> 0;
					case "failed" -> failures + 1;
					default -> failures;
				};
				// an interrupted run is resumed soon; a failed one backs off
				Instant next = switch (status) {
					case "succeeded" -> now.plus(pace).plus(accounts.jitter(pace));
					case "failed" -> now.plus(properties.backoff(failuresNow));
					default -> now.plus(accounts.jitter());
				};
				jdbc.update(
						"UPDATE sync_accounts SET active_run_id = NULL, failures = ?, next_due_at = ? "
								+ "WHERE staff_user_id = ? AND provider = ? AND active_run_id = ?",
						failuresNow, utc(next), run.staffId(), run.provider().code(), run.id());
			}
			return true;
		}));
	}

	/**
	 * Marks every run whose lease has expired interrupted and frees its slot, so the
	 * history never shows a dead run as running.
	 * @return how many
	 */
	int interruptExpired() {
		Instant now = Instant.now();
		List<Object[]> expired = jdbc.query(
				"SELECT id, staff_user_id, provider FROM sync_runs WHERE status = 'running' AND lease_expires_at < ?",
				(rs, i) -> new Object[] { rs.getLong(1), rs.getLong(2), rs.getString(3) }, utc(now));
		int interrupted = 0;
		for (Object[] run : expired) {
			boolean done = Boolean.TRUE.equals(transaction.execute((tx) -> {
				jdbc.query(
						"SELECT active_run_id FROM sync_accounts WHERE staff_user_id = ? AND provider = ? FOR UPDATE",
						(rs) -> null, run[1], run[2]);
				if (!interruptIfExpired((Long) run[0], now)) {
					return false;
				}
				jdbc.update("UPDATE sync_accounts SET active_run_id = NULL WHERE staff_user_id = ? AND provider = ? "
						+ "AND active_run_id = ?", run[1], run[2], run[0]);
				return true;
			}));
			interrupted += done ? 1 : 0;
		}
		return interrupted;
	}

	/**
	 * A stopping node gives its runs up at once rather than leaving them to expire: they
	 * are marked interrupted (the next run resumes from the stored cursors).
	 */
	void release(Collection<SyncRun> runs) {
		for (SyncRun run : runs) {
			try {
				end(run, "interrupted", run.counts(), "node_stopped", null);
			}
			catch (RuntimeException ex) {
				log.warn("Could not release sync run {} on shutdown ({}); its lease will expire", run.id(),
						ex.getClass().getSimpleName());
			}
		}
	}

	static String placeholders(int n) {
		return String.join(", ", Collections.nCopies(n, "?"));
	}

	/** Timestamps are stored as UTC wall-clock time, as Hibernate stores them. */
	static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC) : null;
	}

}
