package com.whiskeysocket.crm.sync;

import java.time.Instant;

/**
 * A running sync: report progress while it works, then finish or fail it exactly once.
 */
public final class SyncRun {

	private final SyncRuns runs;

	private final long id;

	private final long staffId;

	private final SyncProvider provider;

	private final Instant startedAt;

	private volatile SyncProgress progress;

	private boolean ended;

	SyncRun(SyncRuns runs, long id, long staffId, SyncProvider provider, Instant startedAt) {
		this.runs = runs;
		this.id = id;
		this.staffId = staffId;
		this.provider = provider;
		this.startedAt = startedAt;
		this.progress = new SyncProgress(startedAt, 0, 0, 0);
	}

	public long id() {
		return id;
	}

	public Instant startedAt() {
		return startedAt;
	}

	public void progress(int foldersDone, int folders, int processed) {
		this.progress = new SyncProgress(startedAt, foldersDone, folders, processed);
	}

	SyncProgress currentProgress() {
		return progress;
	}

	long staffId() {
		return staffId;
	}

	SyncProvider provider() {
		return provider;
	}

	/**
	 * Records success with the final counts.
	 * @param counts what the run counted
	 * @param mode {@code full}, {@code delta} or {@code mixed}
	 */
	public synchronized void finish(SyncCounts counts, String mode) {
		end("succeeded", counts, null, mode);
	}

	/** Records failure with what was counted before it. */
	public synchronized void fail(String errorCode, SyncCounts counts) {
		end("failed", counts, errorCode, null);
	}

	private void end(String outcome, SyncCounts counts, String errorCode, String mode) {
		if (ended) {
			throw new IllegalStateException("sync run " + id + " has already ended");
		}
		ended = true;
		runs.end(this, outcome, counts, errorCode, mode);
	}

}
