package com.whiskeysocket.crm.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * When the schedule syncs an account again after a successful run: the provider's
 * interval (an hour for a live Outlook account), or, for a provider polled by activity,
 * its short interval while the owner uses the CRM or the run found changes.
 */
@Component
class SyncPace {

	private final JdbcTemplate jdbc;

	private final SyncProperties properties;

	private final SyncRequestProperties requests;

	SyncPace(JdbcTemplate jdbc, SyncProperties properties, SyncRequestProperties requests) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.requests = requests;
	}

	/** The wait before the next scheduled run of this account. */
	Duration after(ContactSource source, long staffId, SyncCounts counts) {
		Duration scheduled = source.interval(staffId, properties.interval());
		Optional<Duration> poll = source.activePollInterval();
		if (poll.isEmpty() || poll.get().compareTo(scheduled) >= 0) {
			return scheduled;
		}
		return (changed(counts) || ownerActive(source.provider(), staffId)) ? poll.get() : scheduled;
	}

	private static boolean changed(SyncCounts counts) {
		return counts.added() + counts.updated() + counts.merged() + counts.removed() > 0;
	}

	private boolean ownerActive(SyncProvider provider, long staffId) {
		List<java.sql.Timestamp> seen;
		try {
			seen = jdbc.queryForList(
					"SELECT owner_active_at FROM sync_accounts WHERE staff_user_id = ? AND provider = ?",
					java.sql.Timestamp.class, staffId, provider.code());
		}
		catch (DataAccessException ex) {
			// the run itself succeeded: the plain schedule is a fine answer
			return false;
		}
		Instant at = seen.isEmpty() ? null : SyncLeases.instant(seen.get(0));
		return at != null && at.isAfter(Instant.now().minus(requests.activeWindow()));
	}

}
