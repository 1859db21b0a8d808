package com.whiskeysocket.crm.google;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each staff member's People API sync token: where the next sync starts. It is saved in
 * the transaction of the last page of a read.
 */
@Component
class GoogleSyncTokens {

	private final JdbcTemplate jdbc;

	GoogleSyncTokens(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Optional<String> of(long staffId) {
		List<String> tokens = jdbc.queryForList("SELECT sync_token FROM google_sync_tokens WHERE staff_user_id = ?",
				String.class, staffId);
		return tokens.stream().findFirst();
	}

	void save(long staffId, String syncToken) {
		LocalDateTime now = LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
		if (jdbc.update("UPDATE google_sync_tokens SET sync_token = ?, updated_at = ? WHERE staff_user_id = ?",
				syncToken, now, staffId) == 0) {
			jdbc.update("INSERT INTO google_sync_tokens (staff_user_id, sync_token, updated_at) VALUES (?, ?, ?)",
					staffId, syncToken, now);
		}
	}

	void delete(long staffId) {
		jdbc.update("DELETE FROM google_sync_tokens WHERE staff_user_id = ?", staffId);
	}

}
