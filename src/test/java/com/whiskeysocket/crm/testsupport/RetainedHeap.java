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
				peak.accumulateAndGet(usedAfterGc(), Math::max);
				try {
					Thread.sleep(everyMillis);
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
