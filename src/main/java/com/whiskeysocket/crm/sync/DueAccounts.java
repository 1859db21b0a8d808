package com.whiskeysocket.crm.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The schedule's side of the {@code sync_accounts} rows: one row per connected staff
 * member and provider, with when it is next due, and the claim of due accounts the
 * scheduler makes each tick ({@code SELECT … FOR UPDATE SKIP LOCKED}, so nodes ticking at
 * once never pick the same account). The run's slot in the same row is
 * {@link SyncLeases}.
 */
@Component
class DueAccounts {

	private static final Logger log = LoggerFactory.getLogger(DueAccounts.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final SyncProperties properties;

	private volatile boolean skipLocked = true;

	DueAccounts(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, SyncProperties properties) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactionManager);
		this.properties = properties;
	}

	/**
	 * Makes sure each connected account has a schedule row; a new one is due after a
	 * small random delay.
	 */
	void ensureAccounts(SyncProvider provider, Collection<Long> staffIds) {
		if (staffIds.isEmpty()) {
			return;
		}
		List<Object> args = new ArrayList<>(List.of(provider.code()));
		args.addAll(staffIds);
		Set<Long> missing = new HashSet<>(staffIds);
		missing.removeAll(jdbc.queryForList("SELECT staff_user_id FROM sync_accounts WHERE provider = ? "
				+ "AND staff_user_id IN (" + SyncLeases.placeholders(staffIds.size()) + ")", Long.class,
				args.toArray()));
		Instant now = Instant.now();
		missing.forEach((staffId) -> ensure(staffId, provider, now.plus(jitter())));
	}

	/**
	 * Makes sure a staff member's account has its row, which a run's slot and the
	 * schedule share.
	 */
	void ensure(long staffId, SyncProvider provider, Instant due) {
		// an existing row (another node's, or an earlier start's) is kept as it is
		jdbc.update("INSERT IGNORE INTO sync_accounts (staff_user_id, provider, next_due_at, failures) "
				+ "VALUES (?, ?, ?, 0)", staffId, provider.code(), SyncLeases.utc(due));
	}

	/**
	 * Claims due accounts among {@code staffIds} for this node: rows another node is
	 * claiming right now are skipped ({@code SKIP LOCKED}), and the claimed ones are
	 * moved a lease into the future in the same transaction, so no other node's tick
	 * picks them again.
	 * @return the staff ids to sync now
	 */
	List<Long> claimDue(SyncProvider provider, Collection<Long> staffIds, int limit) {
		if (staffIds.isEmpty() || limit <= 0) {
			return List.of();
		}
		try {
			return claimDue(provider, staffIds, limit, skipLocked ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE");
		}
		catch (BadSqlGrammarException ex) {
			if (!skipLocked) {
				throw ex;
			}
			// a database without SKIP LOCKED (TiDB): plain
			// row locks, held for one short transaction
			log.info("The database does not support SKIP LOCKED; due accounts are claimed with FOR UPDATE");
			skipLocked = false;
			return claimDue(provider, staffIds, limit, " FOR UPDATE");
		}
	}

	private List<Long> claimDue(SyncProvider provider, Collection<Long> staffIds, int limit, String lock) {
		return transaction.execute((tx) -> {
			Instant now = Instant.now();
			List<Object> args = new ArrayList<>(List.of(provider.code(), SyncLeases.utc(now)));
			args.addAll(staffIds);
			args.add(limit);
			List<Long> due = jdbc.queryForList(
					"SELECT staff_user_id FROM sync_accounts WHERE provider = ? "
							+ "AND next_due_at <= ? AND active_run_id IS NULL AND staff_user_id IN ("
							+ SyncLeases.placeholders(staffIds.size()) + ") ORDER BY next_due_at LIMIT ?" + lock,
					Long.class, args.toArray());
			if (due.isEmpty()) {
				return Collections.<Long>emptyList();
			}
			List<Object> hold = new ArrayList<>(List.of(SyncLeases.utc(now.plus(properties.lease())), provider.code()));
			hold.addAll(due);
			jdbc.update("UPDATE sync_accounts SET next_due_at = ? WHERE provider = ? AND staff_user_id IN ("
					+ SyncLeases.placeholders(due.size()) + ")", hold.toArray());
			return due;
		});
	}

	/**
	 * A random delay, so accounts do not fall due together: see
	 * {@link #jitter(Duration)}.
	 */
	Duration jitter() {
		return jitter(properties.interval());
	}

	/** At most a tenth of the wait, and never more than the configured jitter. */
	Duration jitter(Duration wait) {
		long max = Math.min(properties.maxJitter().toMillis(), wait.toMillis() / 10);
		return Duration.ofMillis((max > 0) ? ThreadLocalRandom.current().nextLong(max + 1) : 0);
	}

}
