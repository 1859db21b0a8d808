package com.whiskeysocket.crm.sync;

import java.time.Instant;

/**
 * One finished (or running) run, as the history shows it.
 *
 * @param id the run id
 * @param staffName who ran it
 * @param provider whose sync
 * @param trigger how it started
 * @param outcome {@code running}, {@code succeeded} or {@code failed}
 * @param startedAt start
 * @param finishedAt end, or {@code null}
 * @param durationMs duration, or {@code null}
 * @param counts what it counted
 * @param mode {@code full}, {@code delta} or {@code mixed}; {@code null} if it failed
 * @param errorCode why it failed, or {@code null}
 */
public record SyncSummary(long id, String staffName, String provider, String trigger, String outcome, Instant startedAt,
		Instant finishedAt, Long durationMs, SyncCounts counts, String mode, String errorCode) {
}
