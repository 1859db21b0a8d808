package com.whiskeysocket.crm.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox's upsert on MariaDB/MySQL, which apply an {@code ON DUPLICATE KEY UPDATE}'s
 * assignments left to right (a later one sees an earlier one's new value): a failed row
 * queued again starts its attempts over.
 */
@MySqlIntegrationTest
class WriteBackStoreMySqlIntegrationTests {

	@Autowired
	private WriteBackStore store;

	@Autowired
	private JdbcTemplate jdbc;

	private long staffId;

	@BeforeEach
	void staffWithoutWriteBack() {
		jdbc.update("DELETE FROM staff_users WHERE username = 'outbox-only'");
		jdbc.update("INSERT INTO staff_users (username, display_name, password_hash, role) "
				+ "VALUES ('outbox-only', 'Outbox Only', 'not-a-hash', 'STAFF')");
		staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'outbox-only'", Long.class);
	}

	@Test
	void aFailedRowQueuedAgainIsTriedAfreshAndAWaitingOneKeepsItsCount() {
		store.enqueue(staffId, SyncProvider.GOOGLE, List.of(101L, 102L), false, Instant.now());
		jdbc.update("UPDATE write_back_outbox SET failed = TRUE, attempts = 8, last_error = 'google_error' "
				+ "WHERE staff_user_id = ? AND contact_id = 101", staffId);
		jdbc.update("UPDATE write_back_outbox SET attempts = 2 WHERE staff_user_id = ? AND contact_id = 102", staffId);

		store.enqueue(staffId, SyncProvider.GOOGLE, List.of(101L, 102L), true, Instant.now());

		Map<String, Object> failed = row(101);
		assertThat(failed.get("failed")).isEqualTo(false);
		assertThat(((Number) failed.get("attempts")).intValue()).isZero();
		assertThat(((Number) failed.get("generation")).intValue()).isEqualTo(2);
		Map<String, Object> waiting = row(102);
		assertThat(((Number) waiting.get("attempts")).intValue()).isEqualTo(2);
		assertThat(waiting.get("typed")).isEqualTo(true);
	}

	private Map<String, Object> row(long contactId) {
		return jdbc.queryForMap("SELECT failed, attempts, generation, typed FROM write_back_outbox "
				+ "WHERE staff_user_id = ? AND provider = 'google' AND contact_id = ?", staffId, contactId);
	}

}
