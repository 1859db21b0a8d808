package com.whiskeysocket.crm.google;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Google has no push for contacts, so it is polled more often while it matters.
 *
 * @param active {@code GOOGLE_ACTIVE_POLL}: how often an account is synced while its
 * owner uses the CRM or its last sync found changes (zero: only every
 * {@code CRM_SYNC_INTERVAL}). Two minutes is one sync-token request per account every two
 * minutes, far below the People API's per-user limits (see docs/google-setup.md).
 */
@ConfigurationProperties("crm.google.poll")
record GooglePollProperties(@DefaultValue("2m") Duration active) {

	GooglePollProperties {
		if (active.isNegative() || (!active.isZero() && active.toSeconds() < 30)) {
			throw new IllegalArgumentException("GOOGLE_ACTIVE_POLL must be 0 or at least 30s");
		}
	}

}
