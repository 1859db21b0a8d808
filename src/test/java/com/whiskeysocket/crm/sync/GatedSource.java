package com.whiskeysocket.crm.sync;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider for the sync module's own tests: it reports one page of counts, then waits
 * at a gate until the test opens it, then succeeds or fails as told.
 */
class GatedSource implements ContactSource {

	volatile CountDownLatch started = new CountDownLatch(1);

	volatile CountDownLatch gate = new CountDownLatch(0);

	volatile RuntimeException failure;

	volatile List<Long> connected = List.of();

	final AtomicInteger runs = new AtomicInteger();

	/** The next run stops after its first page until {@link #open()}. */
	void close() {
		started = new CountDownLatch(1);
		gate = new CountDownLatch(1);
	}

	void open() {
		gate.countDown();
	}

	void awaitStarted() throws InterruptedException {
		if (!started.await(20, TimeUnit.SECONDS)) {
			throw new IllegalStateException("the run did not start");
		}
	}

	@Override
	public SyncProvider provider() {
		return SyncProvider.WHATSAPP;
	}

	@Override
	public List<Long> connectedStaff() {
		return connected;
	}

	@Override
	public void checkReady(long staffId) {
	}

	@Override
	public SyncOutcome sync(SyncRun run) {
		runs.incrementAndGet();
		SyncCounts page = new SyncCounts(1100, 0, 0, 0, 0, 0, 0, 1100, 1, 0);
		run.progress(0, 1, page);
		started.countDown();
		try {
			if (!gate.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the test never opened the gate");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("cancelled", ex);
		}
		run.progress(1, 1, page);
		if (failure != null) {
			throw failure;
		}
		return new SyncOutcome(page, "full");
	}

	@Override
	public String errorCode(RuntimeException failure) {
		return "gated_failure";
	}

}
