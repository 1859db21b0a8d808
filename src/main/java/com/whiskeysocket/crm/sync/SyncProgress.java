package com.whiskeysocket.crm.sync;

import java.time.Instant;

/**
 * How far a running sync is.
 *
 * @param startedAt when it started
 * @param foldersDone folders finished
 * @param folders folders found so far
 * @param processed contacts processed
 */
public record SyncProgress(Instant startedAt, int foldersDone, int folders, int processed) {
}
