package com.whiskeysocket.crm.outlook;

import com.whiskeysocket.crm.sync.SyncCounts;

/**
 * A finished Outlook sync.
 *
 * @param counts what it counted
 * @param mode {@code full} (every folder read completely), {@code delta} (only changes)
 * or {@code mixed}
 * @param durationMs how long it took
 */
record OutlookSyncResult(SyncCounts counts, String mode, long durationMs) {
}
