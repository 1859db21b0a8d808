package com.whiskeysocket.crm.sync;

/**
 * What a provider's sync produced.
 *
 * @param counts what it counted
 * @param mode {@code full} (read everything), {@code delta} (only changes) or
 * {@code mixed}
 */
public record SyncOutcome(SyncCounts counts, String mode) {
}
