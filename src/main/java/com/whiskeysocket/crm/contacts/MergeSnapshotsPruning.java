package com.whiskeysocket.crm.contacts;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets what a merge saved for its undo once the undo window
 * ({@link ContactMerges#UNDO_WINDOW}) has passed: the copies of the merged contacts' rows
 * (names, numbers, emails, notes) are personal data the CRM no longer needs. The merge's
 * row stays, so the audit entry, the merged-away ids and the redirects from their old
 * URLs keep working; an undo of it is refused as too old, as before. A day of margin
 * keeps a merge whose undo is just being refused from losing its snapshot first. Every
 * node may run it; clearing twice is harmless.
 */
@Component
class MergeSnapshotsPruning {

	static final String CLEARED = "";

	private static final int BATCH = 1_000;

	private static final Logger log = LoggerFactory.getLogger(MergeSnapshotsPruning.class);

	private final JdbcTemplate jdbc;

	MergeSnapshotsPruning(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Scheduled(initialDelayString = "PT11M", fixedDelayString = "PT6H")
	void onSchedule() {
		int cleared = prune(Instant.now());
		if (cleared > 0) {
			log.info("Cleared the undo snapshots of {} merges older than {} days", cleared,
					ContactMerges.UNDO_WINDOW.toDays() + 1);
		}
	}

	/**
	 * Clears the snapshots of merges made more than the undo window and a day before
	 * {@code now}; returns how many.
	 */
	int prune(Instant now) {
		LocalDateTime before = LocalDateTime.ofInstant(now.minus(ContactMerges.UNDO_WINDOW).minusSeconds(86_400),
				ZoneOffset.UTC);
		int cleared = 0;
		List<Long> ids;
		do {
			ids = jdbc.queryForList("SELECT id FROM contact_merges WHERE created_at < ? AND snapshot <> ? ORDER BY id "
					+ "LIMIT " + BATCH, Long.class, before, CLEARED);
			if (!ids.isEmpty()) {
				cleared += jdbc.update(
						"UPDATE contact_merges SET snapshot = ? WHERE id IN (" + placeholders(ids.size()) + ")",
						Stream.concat(Stream.of(CLEARED), ids.stream()).toArray());
			}
		}
		while (ids.size() == BATCH);
		return cleared;
	}

}
