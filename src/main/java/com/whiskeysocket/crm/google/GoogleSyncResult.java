package com.whiskeysocket.crm.google;

import com.whiskeysocket.crm.sync.SyncCounts;

/**
 * What a finished Google sync reports.
 *
 * @param counts the counts
 * @param mode {@code full} or {@code delta}
 * @param durationMs how long it took
 */
record GoogleSyncResult(SyncCounts counts, String mode, long durationMs) {
}
