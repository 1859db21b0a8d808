package com.whiskeysocket.crm.outlook;

import com.whiskeysocket.crm.sync.SyncCounts;

/**
 * A finished Outlook sync.
 *
 * @param counts what it counted
 * @param durationMs how long it took
 */
record OutlookSyncResult(SyncCounts counts, long durationMs) {
}
