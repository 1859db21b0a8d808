package com.whiskeysocket.crm.outlook;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How politely the sync talks to Graph.
 *
 * @param pageSize {@code $top} for contact pages (Outlook allows up to 1000)
 * @param maxAttempts tries per Graph request on 429/503/504 and timeouts
 * @param backoff first wait when Microsoft sends no Retry-After; doubles each time
 * @param maxWait the longest wait between tries; a longer Retry-After ends the sync
 * @param maxConcurrentRequests Graph requests in flight per mailbox (Outlook allows 4)
 */
@ConfigurationProperties("crm.outlook.sync")
record OutlookSyncProperties(@DefaultValue("1000") int pageSize, @DefaultValue("6") int maxAttempts,
		@DefaultValue("1s") Duration backoff, @DefaultValue("60s") Duration maxWait,
		@DefaultValue("4") int maxConcurrentRequests) {
}
