package com.whiskeysocket.crm.whatsapp;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Forgets handled webhook ids and finished resyncs after {@code crm.whatsapp.webhook-id-
 * retention} (a day): a replay is refused by its timestamp long before. Every node may
 * run it; deleting twice is harmless.
 */
@Component
class WhatsAppCleanup {

	private static final Logger log = LoggerFactory.getLogger(WhatsAppCleanup.class);

	private final WebhookIds webhookIds;

	private final WhatsAppResyncs resyncs;

	private final WhatsAppProperties properties;

	WhatsAppCleanup(WebhookIds webhookIds, WhatsAppResyncs resyncs, WhatsAppProperties properties) {
		this.webhookIds = webhookIds;
		this.resyncs = resyncs;
		this.properties = properties;
	}

	@Scheduled(initialDelayString = "PT7M", fixedDelayString = "PT1H")
	void onSchedule() {
		cleanUp(Instant.now());
	}

	/**
	 * Deletes what is older than the retention at {@code now}; returns the ids deleted.
	 */
	int cleanUp(Instant now) {
		Instant cutoff = now.minus(properties.webhookIdRetention());
		int ids = webhookIds.deleteOlderThan(cutoff);
		int old = resyncs.deleteOlderThan(cutoff);
		if (ids + old > 0) {
			log.info("Forgot {} WhatsApp webhook ids and {} resyncs older than {}", ids, old, cutoff);
		}
		return ids;
	}

}
