package com.whiskeysocket.crm.audit;

import java.sql.Timestamp;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes audit entries older than the retention, hourly and in slices, so a large purge
 * never holds long locks. Every node may run it: deleting twice is harmless.
 */
@Component
class AuditRetention {

	private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

	static final int SLICE = 5_000;

	private final JdbcTemplate jdbc;

	private final AuditProperties properties;

	AuditRetention(JdbcTemplate jdbc, AuditProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	@Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT1H")
	void purgeOnSchedule() {
		purge(Instant.now());
	}

	/**
	 * Deletes what is older than the retention at {@code now}.
	 * @param now the current time
	 * @return how many entries were deleted
	 */
	int purge(Instant now) {
		Timestamp cutoff = Timestamp.from(now.minus(properties.retention()));
		int total = 0;
		int deleted;
		do {
			deleted = jdbc.update("DELETE FROM audit_events WHERE occurred_at < ? LIMIT " + SLICE, cutoff);
			total += deleted;
		}
		while (deleted == SLICE);
		if (total > 0) {
			log.info("Deleted {} audit entries older than {} days", total, properties.retention().toDays());
		}
		return total;
	}

}
