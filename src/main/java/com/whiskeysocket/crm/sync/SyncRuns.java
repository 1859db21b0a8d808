package com.whiskeysocket.crm.sync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;

/**
 * Starts, tracks and records sync runs. One run per staff member and provider at a time;
 * the history of every run is kept in {@code sync_runs}.
 */
@Service
public class SyncRuns implements ApplicationRunner {

	private static final String SUMMARY_COLUMNS = "r.id, s.display_name, r.provider, r.trigger_type, r.status, "
			+ "r.started_at, r.finished_at, r.duration_ms, r.added, r.updated, r.merged, r.unchanged, "
			+ "r.skipped_no_phone, r.skipped_invalid_phone, r.duplicates, r.total, r.folders, r.removed, r.mode, "
			+ "r.error_code";

	private final JdbcTemplate jdbc;

	private final Map<String, SyncRun> running = new ConcurrentHashMap<>();

	SyncRuns(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Runs left "running" by a stopped application did not finish: say so in the history.
	 */
	@Override
	public void run(ApplicationArguments args) {
		jdbc.update("UPDATE sync_runs SET status = 'failed', error_code = 'interrupted', finished_at = ? "
				+ "WHERE status = 'running'", utc(Instant.now()));
	}

	/**
	 * Starts a run.
	 * @param staffId whose
	 * @param provider of which address book
	 * @param trigger how it was started
	 * @return the run
	 * @throws SyncInProgressException if one is already running for this staff member and
	 * provider
	 */
	public SyncRun start(long staffId, SyncProvider provider, SyncTrigger trigger) {
		String key = key(staffId, provider);
		Instant startedAt = Instant.now();
		SyncRun[] created = new SyncRun[1];
		running.compute(key, (k, current) -> {
			if (current != null) {
				throw new SyncInProgressException();
			}
			KeyHolder id = new GeneratedKeyHolder();
			jdbc.update((connection) -> {
				var insert = connection
					.prepareStatement("INSERT INTO sync_runs (staff_user_id, provider, trigger_type, "
							+ "status, started_at) VALUES (?, ?, ?, 'running', ?)", new String[] { "id" });
				insert.setLong(1, staffId);
				insert.setString(2, provider.code());
				insert.setString(3, trigger.code());
				insert.setObject(4, utc(startedAt));
				return insert;
			}, id);
			created[0] = new SyncRun(this, id.getKey().longValue(), staffId, provider, startedAt);
			return created[0];
		});
		return created[0];
	}

	/** The progress of the staff member's running sync, if one is running. */
	public Optional<SyncProgress> progress(long staffId, SyncProvider provider) {
		return Optional.ofNullable(running.get(key(staffId, provider))).map(SyncRun::currentProgress);
	}

	/** The staff member's last finished run. */
	public Optional<SyncSummary> last(long staffId, SyncProvider provider) {
		return jdbc
			.query("SELECT " + SUMMARY_COLUMNS + " FROM sync_runs r JOIN staff_users s ON s.id = r.staff_user_id "
					+ "WHERE r.staff_user_id = ? AND r.provider = ? AND r.status <> 'running' "
					+ "ORDER BY r.started_at DESC, r.id DESC LIMIT 1", SyncRuns::summary, staffId, provider.code())
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
		return jdbc
			.query("SELECT " + SUMMARY_COLUMNS + " FROM sync_runs r JOIN staff_users s ON s.id = r.staff_user_id "
					+ where + "ORDER BY r.started_at DESC, r.id DESC LIMIT ?", SyncRuns::summary, args);
	}

	void end(SyncRun run, String outcome, SyncCounts counts, String errorCode, String mode) {
		Instant finishedAt = Instant.now();
		try {
			jdbc.update("UPDATE sync_runs SET status = ?, finished_at = ?, duration_ms = ?, added = ?, updated = ?, "
					+ "merged = ?, unchanged = ?, skipped_no_phone = ?, skipped_invalid_phone = ?, duplicates = ?, "
					+ "total = ?, folders = ?, removed = ?, mode = ?, error_code = ? WHERE id = ?", outcome,
					utc(finishedAt), Duration.between(run.startedAt(), finishedAt).toMillis(), counts.added(),
					counts.updated(), counts.merged(), counts.unchanged(), counts.skippedNoPhone(),
					counts.skippedInvalidPhone(), counts.duplicates(), counts.total(), counts.folders(),
					counts.removed(), mode, errorCode, run.id());
		}
		finally {
			running.remove(key(run.staffId(), run.provider()), run);
		}
	}

	private static SyncSummary summary(ResultSet rs, int row) throws SQLException {
		long duration = rs.getLong("duration_ms");
		Long durationMs = rs.wasNull() ? null : duration;
		return new SyncSummary(rs.getLong("id"), rs.getString("display_name"), rs.getString("provider"),
				rs.getString("trigger_type"), rs.getString("status"), instant(rs.getTimestamp("started_at")),
				instant(rs.getTimestamp("finished_at")), durationMs,
				new SyncCounts(rs.getInt("added"), rs.getInt("updated"), rs.getInt("merged"), rs.getInt("unchanged"),
						rs.getInt("skipped_no_phone"), rs.getInt("skipped_invalid_phone"), rs.getInt("duplicates"),
						rs.getInt("total"), rs.getInt("folders"), rs.getInt("removed")),
				rs.getString("mode"), rs.getString("error_code"));
	}

	/** Timestamps are stored as UTC wall-clock time, as Hibernate stores them. */
	private static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC) : null;
	}

	private static String key(long staffId, SyncProvider provider) {
		return staffId + ":" + provider.code();
	}

}
