package com.whiskeysocket.crm.sync;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One provider's address books as the sync module runs them: the SPI that Outlook,
 * Google, WhatsApp and file imports implement (WhatsApp's run asks its gateway to push
 * everything again and waits for the last batch; an import's run merges the rows of a
 * file a staff member uploaded, and is never scheduled). A provider registers a bean of
 * this type; {@link SyncRuns#start} runs it as a background job under a database lease,
 * and the scheduler syncs every account in {@link #connectedStaff()} automatically.
 * <p>
 * The sync module decides when a run may start (one per staff member and provider across
 * all nodes), keeps its progress and outcome in {@code sync_runs}, and retries failed
 * accounts with backoff. The provider only reads its API and merges pages through
 * {@code ContactImport}, storing its cursor (delta link, sync token) with each page, so a
 * run that dies mid-way is resumed by the next one without losing or double-counting.
 */
public interface ContactSource {

	/** Whose address books. */
	SyncProvider provider();

	/**
	 * Staff members whose accounts can be synced now: connected and not waiting for a
	 * reconnect. The scheduler syncs only these.
	 */
	List<Long> connectedStaff();

	/**
	 * Checks, on the caller's thread, that the staff member's account can be synced, so a
	 * click hears "not connected" at once instead of from a failed run.
	 * {@link SyncRuns#start} calls it for every manual start.
	 * @param staffId whose account
	 * @throws RuntimeException the provider's own exception saying why not
	 */
	void checkReady(long staffId);

	/**
	 * Reads the staff member's address book into the contact list. Runs on a sync thread.
	 * Call {@link SyncRun#progress} after each merged page (it renews the lease and
	 * throws if another node has taken the run over).
	 * @param run the run, with its staff member
	 * @return the final counts and mode
	 * @throws RuntimeException any failure; {@link #errorCode} names it in the history
	 */
	SyncOutcome sync(SyncRun run);

	/**
	 * The stable code under which a failure of {@link #sync} is recorded and shown (for
	 * example {@code graph_unavailable}).
	 * @param failure what {@link #sync} threw
	 * @return a short lower-case code
	 */
	String errorCode(RuntimeException failure);

	/**
	 * Whether changes of this staff member's account reach the CRM by themselves within
	 * seconds (Outlook change notifications), so the schedule is only the backstop. The
	 * sync panel then says "Live".
	 * @param staffId whose account
	 * @return false unless the provider pushes changes
	 */
	default boolean live(long staffId) {
		return false;
	}

	/**
	 * How long after a successful run the schedule syncs this account again.
	 * @param staffId whose account
	 * @param configured {@code crm.sync.interval}
	 * @return the configured interval unless the provider knows better (an hour while
	 * {@link #live})
	 */
	default Duration interval(long staffId, Duration configured) {
		return configured;
	}

	/**
	 * For a provider without push (Google): how often to sync while the account's owner
	 * is using the CRM or its last run found changes; quiet accounts fall back to
	 * {@link #interval}.
	 * @return empty if the provider is synced on the schedule alone
	 */
	default Optional<Duration> activePollInterval() {
		return Optional.empty();
	}

}
