package com.whiskeysocket.crm.sync;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Syncs asked for between schedules, and the owner activity that quickens polling.
 *
 * @param poll how often each node looks for requested runs that another node's request or
 * the end of a run left waiting (a request on this node is looked at at once)
 * @param activeWindow how long after their last request a staff member counts as using
 * the CRM
 * @param activityWrites the least time between two writes of one staff member's activity
 * on one node
 */
@ConfigurationProperties("crm.sync.requests")
public record SyncRequestProperties(@DefaultValue("2s") Duration poll, @DefaultValue("5m") Duration activeWindow,
		@DefaultValue("1m") Duration activityWrites) {

	public SyncRequestProperties {
		if (poll.toMillis() < 10 || activeWindow.isNegative() || activityWrites.isNegative()) {
			throw new IllegalArgumentException("crm.sync.requests: poll must be at least 10ms, the others positive");
		}
	}

}
