package com.whiskeysocket.crm.sync;

/**
 * A run that finished successfully.
 *
 * @param runId the run
 * @param counts what it counted
 * @param mode {@code full}, {@code delta} or {@code mixed}
 * @param durationMs how long it took
 */
public record SyncResult(long runId, SyncCounts counts, String mode, long durationMs) {
}
