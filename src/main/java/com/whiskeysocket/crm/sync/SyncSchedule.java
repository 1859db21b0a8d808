package com.whiskeysocket.crm.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * An account's automatic sync.
 *
 * @param automatic whether accounts are synced on a schedule at all
 * @param interval how often
 * @param lastSyncAt when the last run ended, or {@code null}
 * @param nextDueAt when it is due next, or {@code null} if never scheduled
 * @param failures failed runs in a row (the next one waits longer for each)
 */
public record SyncSchedule(boolean automatic, Duration interval, Instant lastSyncAt, Instant nextDueAt, int failures) {
}
