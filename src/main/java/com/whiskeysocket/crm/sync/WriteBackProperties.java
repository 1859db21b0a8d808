package com.whiskeysocket.crm.sync;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The write-back of CRM contacts into staff members' own address books.
 *
 * @param mode {@code CRM_WRITE_BACK}: {@code on} (each staff member may turn it on) or
 * {@code off} (the option is gone for the whole installation)
 * @param group {@code CRM_WRITE_BACK_GROUP}: the Google contact group and Outlook contact
 * folder the CRM writes into
 * @param linkBase the public address contact links in the notes start with
 * @param tick how often each node looks for address books with work
 * @param coalesce how long a change waits for more changes of the same contact before it
 * is written (ten edits in that time are one write)
 * @param lease how long a node may work one address book without renewing its claim
 * @param batch rows taken at once for one address book (Google creates up to 200 a call)
 * @param threads address books one node writes at once
 * @param retryBackoff first wait after a failed write, doubled each time
 * @param maxBackoff the longest wait
 * @param maxAttempts tries before a row is shown as failed (and waits for a retry click)
 */
@ConfigurationProperties("crm.write-back")
public record WriteBackProperties(@DefaultValue("on") String mode, @DefaultValue("Whiskeysocket CRM") String group,
		@DefaultValue("http://localhost:3000") String linkBase, @DefaultValue("2s") Duration tick,
		@DefaultValue("10s") Duration coalesce, @DefaultValue("2m") Duration lease, @DefaultValue("200") int batch,
		@DefaultValue("4") int threads, @DefaultValue("30s") Duration retryBackoff,
		@DefaultValue("6h") Duration maxBackoff, @DefaultValue("8") int maxAttempts) {

	public WriteBackProperties {
		if (!"on".equalsIgnoreCase(mode) && !"off".equalsIgnoreCase(mode)) {
			throw new IllegalArgumentException("CRM_WRITE_BACK must be on or off");
		}
		if (group == null || group.isBlank() || group.length() > 100) {
			throw new IllegalArgumentException("CRM_WRITE_BACK_GROUP must be 1 to 100 characters");
		}
		if (batch < 1 || batch > 200 || threads < 1 || maxAttempts < 1 || tick.toMillis() < 10) {
			throw new IllegalArgumentException("crm.write-back: batch 1-200, threads, attempts and tick positive");
		}
		linkBase = linkBase.endsWith("/") ? linkBase.substring(0, linkBase.length() - 1) : linkBase;
	}

	/** Whether the installation offers the write-back at all. */
	public boolean available() {
		return "on".equalsIgnoreCase(mode);
	}

}
