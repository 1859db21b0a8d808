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

	@Override
	public void beforeMatch(ServeEvent serveEvent, Parameters parameters) {
		max.accumulateAndGet(now.incrementAndGet(), Math::max);
	}

	@Override
	public void afterComplete(ServeEvent serveEvent, Parameters parameters) {
		now.decrementAndGet();
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
