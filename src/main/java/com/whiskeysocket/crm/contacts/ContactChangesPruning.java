package com.whiskeysocket.crm.contacts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the change sequence at about one row per contact: a row that a newer row of the
 * same contact supersedes, and that is older than {@link #KEEP}, goes (a reader of the
 * feed gets the newer one anyway). A contact's latest row, a deletion included, stays, so
 * any old cursor still learns of it. Read in ranges of the sequence, each range one
 * indexed join and one delete. Every node may run it; deleting twice is harmless.
 */
@Component
class ContactChangesPruning {

	static final Duration KEEP = Duration.ofMinutes(10);

	private static final int RANGE = 10_000;

	private static final Logger log = LoggerFactory.getLogger(ContactChangesPruning.class);

	private final JdbcTemplate jdbc;

	ContactChangesPruning(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Scheduled(initialDelayString = "PT9M", fixedDelayString = "PT1H")
	void onSchedule() {
		int pruned = prune(Instant.now());
		if (pruned > 0) {
			log.info("Pruned {} superseded rows of the contact change sequence", pruned);
		}
	}

	/**
	 * Deletes the superseded rows older than {@link #KEEP} at {@code now}; returns how
	 * many.
	 */
	int prune(Instant now) {
		Long first = jdbc.queryForObject("SELECT MIN(seq) FROM contact_changes", Long.class);
		Long last = jdbc.queryForObject("SELECT MAX(seq) FROM contact_changes", Long.class);
		if (first == null || last == null) {
			return 0;
		}
		LocalDateTime before = LocalDateTime.ofInstant(now.minus(KEEP), ZoneOffset.UTC);
		int pruned = 0;
		for (long from = first - 1; from < last; from += RANGE) {
			List<Long> superseded = jdbc.queryForList(
					"SELECT DISTINCT c.seq FROM contact_changes c "
							+ "JOIN contact_changes n ON n.contact_id = c.contact_id AND n.seq > c.seq "
							+ "WHERE c.seq > ? AND c.seq <= ? AND c.changed_at < ?",
					Long.class, from, from + RANGE, before);
			if (!superseded.isEmpty()) {
				pruned += jdbc.update(
						"DELETE FROM contact_changes WHERE seq IN (" + placeholders(superseded.size()) + ")",
						superseded.toArray());
			}
		}
		return pruned;
	}

}
