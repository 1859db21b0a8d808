package com.whiskeysocket.crm.sync;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Syncs asked for between schedules, and the owner activity that quickens polling.
 *
 * @param poll how often each node looks for requested runs that another node's request or
 * the end of a run left waiting (a request on this node is looked at at once)
 * @param quiet a requested run of an account that ran within {@code maxWait} waits until
 * no request has come for this long, so that a burst of notifications (a phone importing
 * contacts) makes one run after it rather than a chain of runs during it; zero starts it
 * as soon as the account is free
 * @param maxWait the longest a requested run waits for quiet, counted from the start of
 * the account's last run: a steady stream of requests makes a run this often. An account
 * with no run that recent starts at once
 * @param activeWindow how long after their last request a staff member counts as using
 * the CRM
 * @param activityWrites the least time between two writes of one staff member's activity
 * on one node
 */
@ConfigurationProperties("crm.sync.requests")
public record SyncRequestProperties(@DefaultValue("2s") Duration poll, @DefaultValue("500ms") Duration quiet,
		@DefaultValue("10s") Duration maxWait, @DefaultValue("5m") Duration activeWindow,
		@DefaultValue("1m") Duration activityWrites) {

	public SyncRequestProperties {
		if (poll.toMillis() < 10 || activeWindow.isNegative() || activityWrites.isNegative() || quiet.isNegative()
				|| maxWait.compareTo(quiet) < 0) {
			throw new IllegalArgumentException("crm.sync.requests: poll must be at least 10ms, max-wait at least "
					+ "quiet, the others not negative");
		}
	}

}
