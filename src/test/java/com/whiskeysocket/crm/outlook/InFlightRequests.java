package com.whiskeysocket.crm.outlook;

import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * Counts the requests WireMock is serving at the same moment, and the most it has seen.
 */
final class InFlightRequests implements ServeEventListener {

	private final AtomicInteger now = new AtomicInteger();

	private final AtomicInteger max = new AtomicInteger();

	/** How long each request is worked on before it is answered (0: not held). */
	private volatile long holdMillis;

	/**
	 * Counted from its arrival, held for {@link #holdFor(long)} here rather than with a
	 * stub's fixed delay (which WireMock waits out after {@code beforeResponseSent}), so
	 * that a request stops counting before any byte of its answer leaves: counted until
	 * {@code afterComplete}, the client could read the answer and send its next request
	 * before the first stopped counting, five at once for a client that never had more
	 * than four in flight.
	 */
	@Override
	public void beforeMatch(ServeEvent serveEvent, Parameters parameters) {
		max.accumulateAndGet(now.incrementAndGet(), Math::max);
		long hold = holdMillis;
		if (hold > 0) {
			try {
				Thread.sleep(hold);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public void beforeResponseSent(ServeEvent serveEvent, Parameters parameters) {
		now.decrementAndGet();
	}

	/** Holds every request this long before it is answered; 0 stops holding. */
	void holdFor(long millis) {
		holdMillis = millis;
	}

	int max() {
		return max.get();
	}

	/**
	 * Waits until no request is being served (a request left by an earlier test, such as
	 * a page read ahead, must not count as this test's), then forgets the maximum.
	 */
	void reset() {
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
		while (now.get() > 0 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		max.set(now.get());
	}

	@Override
	public String getName() {
		return "in-flight-requests";
	}

}
