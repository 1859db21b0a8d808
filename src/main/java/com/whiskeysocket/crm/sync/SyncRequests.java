package com.whiskeysocket.crm.sync;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Sync this account now", for a provider told that something changed (an Outlook change
 * notification). A request only marks the account's {@code sync_accounts} row
 * ({@code requested_at}), so it costs the caller one statement (two for the first of a
 * burst) and never waits for a run: the account has at most one run going and one
 * requested after it, on every node together. Any node claims requested accounts,
 * {@code FOR UPDATE SKIP LOCKED} as due accounts are claimed; the node that took the
 * first request looks at once, the others every {@code crm.sync.requests.poll}.
 * <p>
 * Requests coalesce: an account that ran within {@code crm.sync.requests.max-wait} is
 * synced again only once requests have been quiet for {@code crm.sync.requests.quiet}
 * ({@code requested_at} then holds the latest request, rewritten at most every quarter of
 * that), or when {@code max-wait} has passed since its last run started. A burst of
 * notifications thus makes the run the first one started and one run after the burst, not
 * a chain of runs while it lasts.
 */
@Component
public class SyncRequests implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SyncRequests.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final List<ContactSource> sources;

	private final SyncRuns runs;

	private final SyncJobs jobs;

	private final SyncRequestProperties properties;

	private final SyncProperties schedule;

	private final Semaphore wake = new Semaphore(0);

	private volatile boolean skipLocked = true;

	private volatile Thread worker;

	/** When this node looks for requested accounts next, unless woken before. */
	private volatile Instant nextLook = Instant.now();

	SyncRequests(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, List<ContactSource> sources,
			SyncRuns runs, SyncJobs jobs, SyncRequestProperties properties, SyncProperties schedule) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactionManager);
		this.sources = sources;
		this.runs = runs;
		this.jobs = jobs;
		this.properties = properties;
		this.schedule = schedule;
		// a run ending here may free an account whose follow-up is due
		jobs.whenRunEnds(wake::release);
	}

	/**
	 * Asks for a run of the staff member's account soon, on whichever node has a free
	 * thread. Returns at once.
	 * @param provider whose account
	 * @param staffId whose account
	 */
	public void request(SyncProvider provider, long staffId) {
		if (mark(provider, staffId)) {
			wake.release();
		}
	}

	/**
	 * Marks the account requested.
	 * @return whether the mark is new (a run may be claimable now)
	 */
	private boolean mark(SyncProvider provider, long staffId) {
		Instant now = Instant.now();
		// a plain read first: in a burst, almost every request finds a recent mark and
		// writes nothing, so the row is not a queue of locks
		List<Timestamp> marks = jdbc.query(
				"SELECT requested_at FROM sync_accounts WHERE staff_user_id = ? AND provider = ?",
				(rs, i) -> rs.getTimestamp(1), staffId, provider.code());
		Instant mark = marks.isEmpty() ? null : SyncLeases.instant(marks.get(0));
		if (mark == null) {
			int updated = jdbc
				.update("UPDATE sync_accounts SET requested_at = ? WHERE staff_user_id = ? AND provider = ? "
						+ "AND requested_at IS NULL", SyncLeases.utc(now), staffId, provider.code());
			if (updated == 0 && marks.isEmpty()) {
				// the requested run is the account's first; the schedule takes over after
				// it
				jdbc.update(
						"INSERT IGNORE INTO sync_accounts (staff_user_id, provider, next_due_at, failures, "
								+ "requested_at) VALUES (?, ?, ?, 0, ?)",
						staffId, provider.code(), SyncLeases.utc(now.plus(schedule.interval())), SyncLeases.utc(now));
			}
			return true;
		}
		Instant stale = now.minus(properties.quiet().dividedBy(4));
		if (!properties.quiet().isZero() && mark.isBefore(stale)) {
			// the quiet wait counts from the latest request; another node's newer mark
			// stays
			jdbc.update(
					"UPDATE sync_accounts SET requested_at = ? WHERE staff_user_id = ? AND provider = ? "
							+ "AND requested_at < ?",
					SyncLeases.utc(now), staffId, provider.code(), SyncLeases.utc(stale));
		}
		return false;
	}

	/**
	 * Claims requested accounts that no run holds and whose wait is over, and starts
	 * their runs on this node's free threads.
	 * @return how many runs this node started
	 */
	int claimRequested() {
		Instant now = Instant.now();
		Instant next = now.plus(properties.poll());
		// the last run's start comes from the (staff, provider, started_at) index
		List<Object[]> waiting = jdbc.query(
				"SELECT a.staff_user_id, a.provider, a.requested_at, "
						+ "(SELECT MAX(r.started_at) FROM sync_runs r WHERE r.staff_user_id = a.staff_user_id "
						+ "AND r.provider = a.provider) FROM sync_accounts a "
						+ "WHERE a.requested_at IS NOT NULL AND a.active_run_id IS NULL",
				(rs, i) -> new Object[] { rs.getLong(1), rs.getString(2), SyncLeases.instant(rs.getTimestamp(3)),
						SyncLeases.instant(rs.getTimestamp(4)) });
		Map<String, Set<Long>> ready = new HashMap<>();
		for (Object[] row : waiting) {
			Instant at = startsAt((Instant) row[2], (Instant) row[3]);
			if (!at.isAfter(now)) {
				ready.computeIfAbsent((String) row[1], (provider) -> new HashSet<>()).add((Long) row[0]);
			}
			else if (at.isBefore(next)) {
				next = at;
			}
		}
		nextLook = next;
		int started = 0;
		for (ContactSource source : sources) {
			int free = jobs.freeThreads();
			if (free <= 0) {
				break;
			}
			Set<Long> requested = ready.get(source.provider().code());
			if (requested == null) {
				continue;
			}
			// only accounts that can be synced: one waiting for a reconnect keeps its
			// request until it is back
			List<Long> connected = source.connectedStaff().stream().filter(requested::contains).toList();
			for (long staffId : claim(source.provider(), connected, free)) {
				try {
					runs.start(source, staffId, SyncTrigger.REQUESTED);
					started++;
				}
				catch (SyncInProgressException ex) {
					// a run began after the request on another node or by a click: it
					// reads what the request was about
				}
				catch (SyncBusyException ex) {
					mark(source.provider(), staffId);
					break;
				}
			}
		}
		return started;
	}

	/**
	 * When a requested run may start: once requests have been quiet long enough, or
	 * {@code max-wait} after the account's last run started (at once if it has none that
	 * recent).
	 */
	private Instant startsAt(Instant requestedAt, Instant lastStart) {
		if (lastStart == null) {
			return requestedAt;
		}
		Instant quiet = requestedAt.plus(properties.quiet());
		Instant longest = lastStart.plus(properties.maxWait());
		return quiet.isBefore(longest) ? quiet : longest;
	}

	private List<Long> claim(SyncProvider provider, List<Long> staffIds, int limit) {
		if (staffIds.isEmpty()) {
			return List.of();
		}
		try {
			return claim(provider, staffIds, limit, skipLocked ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE");
		}
		catch (BadSqlGrammarException ex) {
			if (!skipLocked) {
				throw ex;
			}
			skipLocked = false;
			return claim(provider, staffIds, limit, " FOR UPDATE");
		}
	}

	private List<Long> claim(SyncProvider provider, List<Long> staffIds, int limit, String lock) {
		return transaction.execute((tx) -> {
			List<Object> args = new ArrayList<>(List.of(provider.code()));
			args.addAll(staffIds);
			args.add(limit);
			List<Long> requested = jdbc
				.queryForList("SELECT staff_user_id FROM sync_accounts WHERE provider = ? AND requested_at IS NOT NULL "
						+ "AND active_run_id IS NULL AND staff_user_id IN (" + placeholders(staffIds.size())
						+ ") ORDER BY requested_at LIMIT ?" + lock, Long.class, args.toArray());
			if (requested.isEmpty()) {
				return Collections.<Long>emptyList();
			}
			List<Object> clear = new ArrayList<>(List.of(provider.code()));
			clear.addAll(requested);
			// the run about to start reads every change made until now
			jdbc.update("UPDATE sync_accounts SET requested_at = NULL WHERE provider = ? AND staff_user_id IN ("
					+ placeholders(requested.size()) + ")", clear.toArray());
			return requested;
		});
	}

	private static String placeholders(int n) {
		return String.join(", ", Collections.nCopies(n, "?"));
	}

	private void work() {
		while (worker == Thread.currentThread()) {
			try {
				long waitMillis = Math.max(10, Duration.between(Instant.now(), nextLook).toMillis());
				wake.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
				wake.drainPermits();
				// if the look fails, the next one is a poll away, not a busy loop
				nextLook = Instant.now().plus(properties.poll());
				claimRequested();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (DataAccessException ex) {
				log.warn("Requested syncs: the database is unreachable ({}); trying again",
						ex.getClass().getSimpleName());
			}
			catch (RuntimeException ex) {
				log.warn("Requested syncs could not be started ({}); trying again", ex.getClass().getSimpleName());
			}
		}
	}

	@Override
	public void start() {
		Thread thread = new Thread(this::work, "sync-requests");
		thread.setDaemon(true);
		worker = thread;
		thread.start();
	}

	@Override
	public void stop() {
		Thread thread = worker;
		worker = null;
		if (thread != null) {
			thread.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return worker != null;
	}

}
