package com.whiskeysocket.crm.sync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Starts runs as background jobs and reads them back. One run per staff member and
 * provider across every node, decided by the database; the history of every run, with its
 * progress while it runs, is kept in {@code sync_runs}.
 */
@Service
public class SyncRuns {

	private static final String SUMMARY_COLUMNS = "r.id, r.staff_user_id, s.display_name, r.provider, r.trigger_type, "
			+ "r.status, r.phase, r.folders_done, r.lease_expires_at, r.started_at, r.finished_at, r.duration_ms, "
			+ "r.added, r.updated, r.merged, r.unchanged, r.skipped_no_phone, r.skipped_invalid_phone, r.duplicates, "
			+ "r.total, r.folders, r.removed, r.mode, r.error_code";

	private static final String FROM = " FROM sync_runs r JOIN staff_users s ON s.id = r.staff_user_id ";

	private final JdbcTemplate jdbc;

	private final SyncLeases leases;

	private final SyncJobs jobs;

	private final SyncProperties properties;

	SyncRuns(JdbcTemplate jdbc, SyncLeases leases, SyncJobs jobs, SyncProperties properties) {
		this.jdbc = jdbc;
		this.leases = leases;
		this.jobs = jobs;
		this.properties = properties;
	}

	/**
	 * Starts a run of a provider's sync in the background. A start someone asked for
	 * checks first, on their thread, that the account can be synced
	 * ({@link ContactSource#checkReady}), so a click hears "not connected" at once; the
	 * scheduler starts only {@link ContactSource#connectedStaff()}.
	 * @param source the provider
	 * @param staffId whose account
	 * @param trigger how it was started
	 * @return the started run; wait on it with {@link StartedRun#await}
	 * @throws RuntimeException the provider's own exception if the account cannot be
	 * synced (a manual start)
	 * @throws SyncInProgressException if a run of this staff member and provider is going
	 * on any node
	 * @throws SyncBusyException if this node has no free sync thread
	 */
	public StartedRun start(ContactSource source, long staffId, SyncTrigger trigger) {
		if (trigger == SyncTrigger.MANUAL) {
			source.checkReady(staffId);
		}
		if (jobs.freeThreads() <= 0) {
			throw new SyncBusyException();
		}
		SyncRun run = leases.claim(staffId, source.provider(), trigger);
		return new StartedRun(run.id(), jobs.submit(run, source));
	}

	/**
	 * A run, as its owner or an admin may see it.
	 * @param runId the run
	 * @param viewerId who asks
	 * @param admin whether they are an admin (who sees every run)
	 * @return the run, or empty if there is none or it is someone else's
	 */
	public Optional<SyncSummary> find(long runId, long viewerId, boolean admin) {
		return jdbc.query("SELECT " + SUMMARY_COLUMNS + FROM + "WHERE r.id = ?", SyncRuns::summary, runId)
			.stream()
			.filter((run) -> admin || run.staffId() == viewerId)
			.findFirst();
	}

	/** The staff member's running run of a provider, on whichever node. */
	public Optional<SyncSummary> running(long staffId, SyncProvider provider) {
		return jdbc
			.query("SELECT " + SUMMARY_COLUMNS + FROM + "WHERE r.staff_user_id = ? AND r.provider = ? "
					+ "AND r.status = 'running' ORDER BY r.id DESC LIMIT 1", SyncRuns::summary, staffId,
					provider.code())
			.stream()
			.filter((run) -> "running".equals(run.outcome()))
			.findFirst();
	}

	/** The staff member's last finished run. */
	public Optional<SyncSummary> last(long staffId, SyncProvider provider) {
		return jdbc
			.query("SELECT " + SUMMARY_COLUMNS + FROM + "WHERE r.staff_user_id = ? AND r.provider = ? "
					+ "AND r.status <> 'running' ORDER BY r.started_at DESC, r.id DESC LIMIT 1", SyncRuns::summary,
					staffId, provider.code())
			.stream()
			.findFirst();
	}

	/**
	 * Recent runs, newest first.
	 * @param staffId whose runs, or {@code null} for everyone's
	 * @param limit how many
	 */
	public List<SyncSummary> history(Long staffId, int limit) {
		String where = (staffId != null) ? "WHERE r.staff_user_id = ? " : "";
		Object[] args = (staffId != null) ? new Object[] { staffId, limit } : new Object[] { limit };
		return jdbc.query("SELECT " + SUMMARY_COLUMNS + FROM + where + "ORDER BY r.started_at DESC, r.id DESC LIMIT ?",
				SyncRuns::summary, args);
	}

	/**
	 * A mark that moves whenever a run starts, reports progress or ends, on any node: the
	 * newest run's id and the progress of the running ones (one statement). The sync
	 * history page polls it.
	 * @return the mark, digits and a dash
	 */
	public String mark() {
		long[] newest = { 0 };
		List<Long> running = new ArrayList<>();
		// one statement: the live pages poll it every few seconds each
		jdbc.query("SELECT m.newest, r.id, r.total, r.folders_done FROM (SELECT MAX(id) AS newest FROM sync_runs) m "
				+ "LEFT JOIN sync_runs r ON r.status = 'running' ORDER BY r.id", (rs) -> {
					newest[0] = rs.getLong(1);
					long id = rs.getLong(2);
					if (!rs.wasNull()) {
						running.add(id);
						running.add(rs.getLong(3));
						running.add(rs.getLong(4));
					}
				});
		return newest[0] + "-" + Integer.toUnsignedString(running.hashCode());
	}

	/**
	 * When the staff member's account is synced automatically next.
	 * @return the schedule; {@code nextDueAt} is empty if the account was never scheduled
	 */
	public SyncSchedule schedule(long staffId, SyncProvider provider) {
		List<Object[]> rows = jdbc.query(
				"SELECT next_due_at, failures FROM sync_accounts WHERE staff_user_id = ? AND provider = ?",
				(rs, i) -> new Object[] { SyncLeases.instant(rs.getTimestamp(1)), rs.getInt(2) }, staffId,
				provider.code());
		Instant nextDue = rows.isEmpty() ? null : (Instant) rows.get(0)[0];
		int failures = rows.isEmpty() ? 0 : (int) rows.get(0)[1];
		Instant lastSync = last(staffId, provider).map(SyncSummary::finishedAt).orElse(null);
		return new SyncSchedule(properties.automatic(), properties.interval(), lastSync, nextDue, failures);
	}

	/**
	 * For the sync panels of a page, in one statement: each of these providers' running
	 * run (as {@link #running}) and last finished run (as {@link #last}) of the staff
	 * member, and their schedules (as {@link #schedule}) in one more.
	 * @param staffId the staff member
	 * @param providers which providers
	 * @return what the panels show
	 */
	Panels panels(long staffId, List<SyncProvider> providers) {
		StringBuilder sql = new StringBuilder();
		List<Object> args = new ArrayList<>();
		for (SyncProvider provider : providers) {
			if (!sql.isEmpty()) {
				sql.append(" UNION ALL ");
			}
			sql.append("(SELECT ")
				.append(SUMMARY_COLUMNS)
				.append(FROM)
				.append("WHERE r.staff_user_id = ? AND r.provider = ? AND r.status = 'running' ORDER BY r.id DESC "
						+ "LIMIT 1) UNION ALL (SELECT ")
				.append(SUMMARY_COLUMNS)
				.append(FROM)
				.append("WHERE r.staff_user_id = ? AND r.provider = ? AND r.status <> 'running' "
						+ "ORDER BY r.started_at DESC, r.id DESC LIMIT 1)");
			args.addAll(List.of(staffId, provider.code(), staffId, provider.code()));
		}
		Map<SyncProvider, SyncSummary> running = new EnumMap<>(SyncProvider.class);
		Map<SyncProvider, SyncSummary> last = new EnumMap<>(SyncProvider.class);
		jdbc.query(sql.toString(), (rs) -> {
			boolean isRunning = "running".equals(rs.getString("status"));
			SyncSummary run = summary(rs, 0);
			SyncProvider provider = SyncProvider.valueOf(run.provider().toUpperCase(java.util.Locale.ROOT));
			if (!isRunning) {
				last.put(provider, run);
			}
			else if ("running".equals(run.outcome())) {
				running.put(provider, run);
			}
		}, args.toArray());
		Map<SyncProvider, Object[]> accounts = new EnumMap<>(SyncProvider.class);
		jdbc.query("SELECT provider, next_due_at, failures FROM sync_accounts WHERE staff_user_id = ?", (rs) -> {
			for (SyncProvider provider : providers) {
				if (provider.code().equals(rs.getString(1))) {
					accounts.put(provider, new Object[] { SyncLeases.instant(rs.getTimestamp(2)), rs.getInt(3) });
				}
			}
		}, staffId);
		Map<SyncProvider, SyncSchedule> schedules = new EnumMap<>(SyncProvider.class);
		for (SyncProvider provider : providers) {
			Object[] account = accounts.get(provider);
			SyncSummary lastRun = last.get(provider);
			schedules.put(provider,
					new SyncSchedule(properties.automatic(), properties.interval(),
							(lastRun != null) ? lastRun.finishedAt() : null,
							(account != null) ? (Instant) account[0] : null, (account != null) ? (int) account[1] : 0));
		}
		return new Panels(running, last, schedules);
	}

	/**
	 * What the sync panels show of a staff member's runs ({@link #panels}).
	 *
	 * @param running the running run by provider
	 * @param last the last finished run by provider
	 * @param schedules the schedule by provider
	 */
	record Panels(Map<SyncProvider, SyncSummary> running, Map<SyncProvider, SyncSummary> last,
			Map<SyncProvider, SyncSchedule> schedules) {

	}

	private static SyncSummary summary(ResultSet rs, int row) throws SQLException {
		long duration = rs.getLong("duration_ms");
		Long durationMs = rs.wasNull() ? null : duration;
		String status = rs.getString("status");
		Instant leaseExpires = SyncLeases.instant(rs.getTimestamp("lease_expires_at"));
		if ("running".equals(status) && leaseExpires != null && leaseExpires.isBefore(Instant.now())) {
			// its node stopped renewing the lease: the next start or tick records it
			status = "interrupted";
		}
		return new SyncSummary(rs.getLong("id"), rs.getLong("staff_user_id"), rs.getString("display_name"),
				rs.getString("provider"), rs.getString("trigger_type"), status, rs.getString("phase"),
				rs.getInt("folders_done"), SyncLeases.instant(rs.getTimestamp("started_at")),
				SyncLeases.instant(rs.getTimestamp("finished_at")), durationMs,
				new SyncCounts(rs.getInt("added"), rs.getInt("updated"), rs.getInt("merged"), rs.getInt("unchanged"),
						rs.getInt("skipped_no_phone"), rs.getInt("skipped_invalid_phone"), rs.getInt("duplicates"),
						rs.getInt("total"), rs.getInt("folders"), rs.getInt("removed")),
				rs.getString("mode"), rs.getString("error_code"));
	}

}
