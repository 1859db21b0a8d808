package com.whiskeysocket.crm.whatsapp;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import com.whiskeysocket.crm.contacts.ImportCounts;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code whatsapp_resyncs} table: a resync asked for a sync run, and what its batches
 * have brought so far. Batches are counted where they arrive (any node); the run's thread
 * reads the row until the last batch is in.
 */
@Repository
class WhatsAppResyncs {

	private final JdbcTemplate jdbc;

	WhatsAppResyncs(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void create(String requestId, long staffId, long runId) {
		LocalDateTime now = LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
		jdbc.update("INSERT INTO whatsapp_resyncs (request_id, staff_user_id, run_id, created_at, updated_at) "
				+ "VALUES (?, ?, ?, ?, ?)", requestId, staffId, runId, now, now);
	}

	/**
	 * The run a resync belongs to, locking its row until the batch's transaction ends.
	 */
	Optional<Long> lockRun(String requestId, long staffId) {
		return jdbc
			.queryForList("SELECT run_id FROM whatsapp_resyncs WHERE request_id = ? AND staff_user_id = ? FOR UPDATE",
					Long.class, requestId, staffId)
			.stream()
			.findFirst();
	}

	/** Adds one batch and its counts. */
	void batchDone(String requestId, int batches, int withoutPhone, ImportCounts counts) {
		jdbc.update(
				"UPDATE whatsapp_resyncs SET batches = ?, batches_done = batches_done + 1, added = added + ?, "
						+ "updated = updated + ?, merged = merged + ?, unchanged = unchanged + ?, "
						+ "skipped_no_phone = skipped_no_phone + ?, skipped_invalid_phone = skipped_invalid_phone + ?, "
						+ "duplicates = duplicates + ?, total = total + ?, without_phone = ?, updated_at = ? "
						+ "WHERE request_id = ?",
				batches, counts.added(), counts.updated(), counts.merged(), counts.unchanged(), counts.skippedNoPhone(),
				counts.skippedInvalidPhone(), counts.duplicates(), counts.total(), withoutPhone,
				LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC), requestId);
	}

	Optional<Progress> progress(String requestId) {
		return jdbc.query("SELECT batches, batches_done, added, updated, merged, unchanged, skipped_no_phone, "
				+ "skipped_invalid_phone, duplicates, total, without_phone FROM whatsapp_resyncs WHERE request_id = ?",
				(rs, row) -> {
					int batches = rs.getInt("batches");
					return new Progress(rs.wasNull() ? null : batches, rs.getInt("batches_done"),
							new ImportCounts(rs.getInt("added"), rs.getInt("updated"), rs.getInt("merged"),
									rs.getInt("unchanged"), rs.getInt("skipped_no_phone"),
									rs.getInt("skipped_invalid_phone"), rs.getInt("duplicates"), rs.getInt("total"), 0),
							rs.getInt("without_phone"));
				}, requestId)
			.stream()
			.findFirst();
	}

	/** Forgets resyncs older than the cutoff. */
	int deleteOlderThan(Instant cutoff) {
		return jdbc.update("DELETE FROM whatsapp_resyncs WHERE created_at < ?",
				LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC));
	}

	/**
	 * How far a resync is.
	 *
	 * @param batches how many batches it has, once the first arrived
	 * @param batchesDone how many have been merged
	 * @param counts their counts
	 * @param withoutPhone contacts known only by an {@code @lid} id
	 */
	record Progress(Integer batches, int batchesDone, ImportCounts counts, int withoutPhone) {

		boolean complete() {
			return batches != null && batchesDone >= batches;
		}

	}

}
