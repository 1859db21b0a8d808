package com.whiskeysocket.crm.whatsapp;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code whatsapp_webhook_ids} table: webhook ids already handled. */
@Repository
class WebhookIds {

	private final JdbcTemplate jdbc;

	WebhookIds(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Remembers an id, in the caller's transaction, so a webhook and its id commit or
	 * roll back together (a redelivery after a failure is handled, a replay after success
	 * is not).
	 * @return {@code false} if the id was handled before
	 */
	boolean remember(String webhookId) {
		try {
			jdbc.update("INSERT INTO whatsapp_webhook_ids (webhook_id, received_at) VALUES (?, ?)", webhookId,
					LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	int deleteOlderThan(Instant cutoff) {
		return jdbc.update("DELETE FROM whatsapp_webhook_ids WHERE received_at < ?",
				LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC));
	}

}
