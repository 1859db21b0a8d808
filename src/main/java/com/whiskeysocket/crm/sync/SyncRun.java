package com.whiskeysocket.crm.sync;

import java.time.Instant;

/**
 * A run as its job sees it: whose it is, and where to report progress. Every
 * {@link #progress} call is one database write that also renews the run's lease; call it
 * once per page, never per contact.
 */
public final class SyncRun {

	private final SyncLeases leases;

	private final long id;

	private final long staffId;

	private final SyncProvider provider;

	private final SyncTrigger trigger;

	private final Instant startedAt;

	private volatile SyncCounts counts = SyncCounts.NONE;

	private volatile int foldersDone;

	private volatile int folders;

	SyncRun(SyncLeases leases, long id, long staffId, SyncProvider provider, SyncTrigger trigger, Instant startedAt) {
		this.leases = leases;
		this.id = id;
		this.staffId = staffId;
		this.provider = provider;
		this.trigger = trigger;
		this.startedAt = startedAt;
	}

	public long id() {
		return id;
	}

	public long staffId() {
		return staffId;
	}

	public SyncProvider provider() {
		return provider;
	}

	public SyncTrigger trigger() {
		return trigger;
	}

	public Instant startedAt() {
		return startedAt;
	}

	/**
	 * Records how far the run is and renews its lease.
	 * @param foldersDone folders (or other parts) finished
	 * @param folders folders found so far
	 * @param countsSoFar the counts of every page merged so far; they stay on the run
	 * even if it dies before it finishes
	 * @throws SyncLeaseLostException if another node has taken the run over
	 */
	public synchronized void progress(int foldersDone, int folders, SyncCounts countsSoFar) {
		this.foldersDone = foldersDone;
		this.folders = folders;
		this.counts = countsSoFar;
		leases.progress(this, SyncLeases.Phase.READING);
	}

	/**
	 * Every page is read; what is left (sweeps, cleanup) is quick.
	 * @throws SyncLeaseLostException if another node has taken the run over
	 */
	public synchronized void finishing() {
		leases.progress(this, SyncLeases.Phase.FINISHING);
	}

	SyncCounts counts() {
		return counts;
	}

	int foldersDone() {
		return foldersDone;
	}

	int folders() {
		return folders;
	}

}
