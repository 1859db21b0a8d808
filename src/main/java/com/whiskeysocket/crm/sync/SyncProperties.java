package com.whiskeysocket.crm.sync;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How syncs run in the background.
 *
 * @param interval how often every connected account is synced automatically
 * ({@code CRM_SYNC_INTERVAL}); zero turns automatic sync off
 * @param lease how long a run stays claimed without a sign of life from its node before
 * another start or the scheduler may take it over
 * @param threads runs one node works on at once; further starts are refused as busy
 * @param tick how often each node looks for due accounts
 * @param retryBackoff the wait after a failed run, doubled for each further failure
 * @param maxBackoff the longest wait after failures
 * @param nodeId this node's name in the runs it works on; host and process by default
 */
@ConfigurationProperties("crm.sync")
public record SyncProperties(@DefaultValue("15m") Duration interval, @DefaultValue("2m") Duration lease,
		@DefaultValue("4") int threads, @DefaultValue("30s") Duration tick, @DefaultValue("15m") Duration retryBackoff,
		@DefaultValue("6h") Duration maxBackoff, String nodeId) {

	public SyncProperties {
		if (interval.isNegative()) {
			throw new IllegalArgumentException("crm.sync.interval must not be negative");
		}
		if (lease.toMillis() < 100 || tick.toMillis() < 10 || threads < 1 || retryBackoff.isNegative()
				|| retryBackoff.isZero() || maxBackoff.compareTo(retryBackoff) < 0) {
			throw new IllegalArgumentException("crm.sync: lease, tick, threads and backoff must be positive, "
					+ "and max-backoff at least retry-backoff");
		}
		if (nodeId == null || nodeId.isBlank()) {
			nodeId = defaultNodeId();
		}
		if (nodeId.length() > 100) {
			nodeId = nodeId.substring(0, 100);
		}
	}

	/** Whether accounts are synced on a schedule. */
	public boolean automatic() {
		return !interval.isZero();
	}

	/**
	 * A small random delay added to every scheduled time, so accounts connected together
	 * are not all synced in the same tick: up to a tenth of the interval, at most two
	 * minutes.
	 */
	Duration maxJitter() {
		Duration tenth = interval.dividedBy(10);
		return (tenth.compareTo(Duration.ofMinutes(2)) > 0) ? Duration.ofMinutes(2) : tenth;
	}

	/**
	 * The wait before retrying after {@code failures} failed runs in a row (1 or more).
	 */
	Duration backoff(int failures) {
		Duration wait = retryBackoff;
		for (int i = 1; i < failures && wait.compareTo(maxBackoff) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(maxBackoff) > 0) ? maxBackoff : wait;
	}

	private static String defaultNodeId() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "node";
		}
		return host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/"
				+ UUID.randomUUID().toString().substring(0, 8);
	}

}
