package com.whiskeysocket.crm.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 * ({@code requested_at}), so it costs the caller one or two statements and never waits
 * for a run: many requests before the run is claimed make one run, and requests while a
 * run is going make one follow-up run after it. Any node claims requested accounts,
 * {@code FOR UPDATE SKIP LOCKED} as due accounts are claimed; the node that took the
 * request looks at once, the others every {@code crm.sync.requests.poll}.
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

	SyncRequests(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, List<ContactSource> sources,
			SyncRuns runs, SyncJobs jobs, SyncRequestProperties properties, SyncProperties schedule) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactionManager);
		this.sources = sources;
		this.runs = runs;
		this.jobs = jobs;
		this.properties = properties;
		this.schedule = schedule;
	}

	/**
	 * Asks for a run of the staff member's account soon, on whichever node has a free
	 * thread. Returns at once.
	 * @param provider whose account
	 * @param staffId whose account
	 */
	public void request(SyncProvider provider, long staffId) {
		// a plain read first: in a burst, every request after the first finds the mark
		// and writes nothing, so the row is not a queue of locks
		List<Boolean> marked = jdbc.queryForList(
				"SELECT requested_at IS NOT NULL FROM sync_accounts WHERE staff_user_id = ? AND provider = ?",
				Boolean.class, staffId, provider.code());
		if (marked.isEmpty() || !Boolean.TRUE.equals(marked.get(0))) {
			Instant now = Instant.now();
			int updated = jdbc
				.update("UPDATE sync_accounts SET requested_at = ? WHERE staff_user_id = ? AND provider = ? "
						+ "AND requested_at IS NULL", SyncLeases.utc(now), staffId, provider.code());
			if (updated == 0 && marked.isEmpty()) {
				// the requested run is the account's first; the schedule takes over after
				// it
				jdbc.update(
						"INSERT IGNORE INTO sync_accounts (staff_user_id, provider, next_due_at, failures, "
								+ "requested_at) VALUES (?, ?, ?, 0, ?)",
						staffId, provider.code(), SyncLeases.utc(now.plus(schedule.interval())), SyncLeases.utc(now));
			}
		}
		wake.release();
	}

	/**
	 * Claims requested accounts that no run holds and starts their runs on this node's
	 * free threads.
	 * @return how many runs this node started
	 */
	int claimRequested() {
		List<String> waiting = jdbc.queryForList("SELECT DISTINCT provider FROM sync_accounts "
				+ "WHERE requested_at IS NOT NULL AND active_run_id IS NULL", String.class);
		int started = 0;
		for (ContactSource source : sources) {
			int free = jobs.freeThreads();
			if (free <= 0) {
				break;
			}
			if (!waiting.contains(source.provider().code())) {
				continue;
			}
			// only accounts that can be synced: one waiting for a reconnect keeps its
			// request until it is back
			List<Long> connected = source.connectedStaff();
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
					request(source.provider(), staffId);
					break;
				}
			}
		}
		return started;
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
				wake.tryAcquire(properties.poll().toMillis(), TimeUnit.MILLISECONDS);
				wake.drainPermits();
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
