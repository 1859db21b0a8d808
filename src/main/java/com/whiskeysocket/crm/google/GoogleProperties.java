package com.whiskeysocket.crm.google;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * The Google Cloud OAuth client and Google's endpoints, from the {@code GOOGLE_*}
 * variables, and how politely the sync talks to the People API.
 *
 * @param clientId {@code GOOGLE_CLIENT_ID}; blank means Google is not configured
 * @param clientSecret {@code GOOGLE_CLIENT_SECRET}
 * @param redirectUri {@code GOOGLE_REDIRECT_URI}
 * @param authorizationUri {@code GOOGLE_AUTHORIZATION_URI}
 * @param tokenUri {@code GOOGLE_TOKEN_URI}
 * @param peopleBaseUrl {@code GOOGLE_PEOPLE_BASE_URL}
 * @param pageSize people per page (Google allows up to 1000)
 * @param maxAttempts tries per request on 429, 5xx and timeouts
 * @param backoff first wait when Google sends no Retry-After; doubles each time
 * @param maxWait the longest wait between tries; a longer Retry-After ends the sync
 * @param writeRoundInterval write-back: the least time between two partial rounds of one
 * account (fewer contacts than a full batch of 200). A batch call costs 6 of the 90
 * critical reads and writes a user may spend a minute (see {@code PeopleStandIn}): one
 * partial round every 5 s keeps changes trickling in to 12 calls a minute, 72 units, with
 * room left for the reads
 * @param criticalReadsPerMinute write-back: "Critical read requests (Contact and Profile
 * Reads) per minute per user" as the Google Cloud project's Quotas page shows it (90 by
 * default); the write-back spends no more of it in any minute and waits for its moment
 * instead of being refused with 429; 0 for no client-side budget
 * @param criticalWritesPerMinute write-back: "Critical write requests (Contact Creates
 * and Updates) per minute per user", the same way
 */
@ConfigurationProperties("crm.google")
record GoogleProperties(String clientId, String clientSecret, String redirectUri,
		@DefaultValue("https://accounts.google.com/o/oauth2/v2/auth") String authorizationUri,
		@DefaultValue("https://oauth2.googleapis.com/token") String tokenUri,
		@DefaultValue("https://people.googleapis.com") String peopleBaseUrl, @DefaultValue("1000") int pageSize,
		@DefaultValue("6") int maxAttempts, @DefaultValue("1s") Duration backoff, @DefaultValue("60s") Duration maxWait,
		@DefaultValue("5s") Duration writeRoundInterval, @DefaultValue("90") int criticalReadsPerMinute,
		@DefaultValue("90") int criticalWritesPerMinute) {

	static final String REGISTRATION_ID = "google";

	GoogleProperties {
		if (criticalReadsPerMinute < 0 || criticalWritesPerMinute < 0) {
			throw new IllegalArgumentException(
					"GOOGLE_CRITICAL_READS_PER_MINUTE and GOOGLE_CRITICAL_WRITES_PER_MINUTE must be 0 or more");
		}
	}

	/**
	 * Reading and writing contacts, asked for when a staff member turns on write-back.
	 */
	static final String WRITE_SCOPE = "https://www.googleapis.com/auth/contacts";

	/** Read-only contacts, plus the account's address for "Connected to Google (…)". */
	static final String[] SCOPES = { "https://www.googleapis.com/auth/contacts.readonly", "email", "profile" };

	boolean hasClient() {
		return StringUtils.hasText(clientId);
	}

	String peopleBase() {
		return peopleBaseUrl.endsWith("/") ? peopleBaseUrl.substring(0, peopleBaseUrl.length() - 1) : peopleBaseUrl;
	}

	@Override
	public String toString() {
		return "GoogleProperties[clientId=" + clientId + ", redirectUri=" + redirectUri + ", authorizationUri="
				+ authorizationUri + ", tokenUri=" + tokenUri + ", peopleBaseUrl=" + peopleBaseUrl + "]";
	}

}
