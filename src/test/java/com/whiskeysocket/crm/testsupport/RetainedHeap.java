package com.whiskeysocket.crm.testsupport;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most heap a step keeps alive, measured by size, not time: a sampler thread forces a
 * full collection every {@code every} milliseconds while the step runs and records the
 * heap in use right after it, so garbage not yet collected never counts. The result is
 * the peak minus the heap in use before the step.
 * <p>
 * A full collection takes as long as the heap already alive (every cached test context's
 * too: 0.7 GiB in a whole test run) and stops every thread, the step's included: the
 * sampler waits at least nine times as long as its last collection took, so collecting
 * never takes more than a tenth of the step's time. A 100,000-row import spent most of
 * its 14 minutes in forced collections every 250 ms before that.
 */
public final class RetainedHeap {

	private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

	private final AtomicLong peak = new AtomicLong();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final long baseline;

	private final Thread sampler;

	private RetainedHeap(long everyMillis) {
		this.baseline = usedAfterGc();
		this.peak.set(baseline);
		this.sampler = new Thread(() -> {
			while (running.get()) {
				long started = System.nanoTime();
				peak.accumulateAndGet(usedAfterGc(), Math::max);
				long collectedMillis = (System.nanoTime() - started) / 1_000_000;
				try {
					Thread.sleep(Math.max(everyMillis, 9 * collectedMillis));
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		}, "retained-heap-sampler");
		this.sampler.setDaemon(true);
		this.sampler.start();
	}

	/** Starts sampling. */
	public static RetainedHeap start(long everyMillis) {
		return new RetainedHeap(everyMillis);
	}

	/** Stops sampling; the most heap kept alive above the baseline, in bytes. */
	public long stop() throws InterruptedException {
		running.set(false);
		sampler.interrupt();
		sampler.join();
		return Math.max(0, peak.get() - baseline);
	}

	public long baseline() {
		return baseline;
	}

	private static long usedAfterGc() {
		System.gc();
		return MEMORY.getHeapMemoryUsage().getUsed();
	}

}
