package com.whiskeysocket.crm.sync;

import java.time.Instant;

/**
 * One run, finished or running, as the history and {@code GET /api/sync/runs/{id}} show
 * it.
 *
 * @param id the run id
 * @param staffId whose run
 * @param staffName who ran it
 * @param provider whose sync
 * @param trigger {@code manual} or {@code scheduled}
 * @param outcome {@code running}, {@code succeeded}, {@code failed} or
 * {@code interrupted}
 * @param phase while running: {@code starting}, {@code reading} or {@code finishing}
 * @param foldersDone folders finished so far
 * @param startedAt start
 * @param finishedAt end, or {@code null}
 * @param durationMs duration, or {@code null}
 * @param counts what it counted (so far, while running or after an interruption)
 * @param mode {@code full}, {@code delta} or {@code mixed}; {@code null} unless it
 * succeeded
 * @param errorCode why it failed or was interrupted, or {@code null}
 */
public record SyncSummary(long id, long staffId, String staffName, String provider, String trigger, String outcome,
		String phase, int foldersDone, Instant startedAt, Instant finishedAt, Long durationMs, SyncCounts counts,
		String mode, String errorCode) {

	public boolean running() {
		return "running".equals(outcome);
	}

}
