package com.whiskeysocket.crm.outlook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code outlook_subscriptions} rows: which staff member a notification belongs to
 * (found by the SHA-256 of its clientState, the only form in which that secret is kept),
 * whether an account is live, and the marks the lifecycle events leave for the
 * {@link OutlookSubscriptionKeeper}.
 */
@Component
class OutlookSubscriptionStore {

	private final JdbcTemplate jdbc;

	private final OutlookNotificationProperties properties;

	OutlookSubscriptionStore(JdbcTemplate jdbc, OutlookNotificationProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * The staff member a notification is for, if its clientState is the secret of one of
	 * our subscriptions and names that subscription. A notification that arrives while
	 * its subscription is being created (Graph may send one before the creation answers)
	 * is accepted on its clientState alone.
	 * @param subscriptionId as Graph sent it
	 * @param clientState as Graph sent it
	 * @return the staff member, or empty for anything else
	 */
	Optional<Long> owner(String subscriptionId, String clientState) {
		if (subscriptionId == null || clientState == null || clientState.isEmpty() || clientState.length() > 128) {
			return Optional.empty();
		}
		return ownerByHash(subscriptionId, hash(clientState));
	}

	/**
	 * As {@link #owner}, for a clientState given as its {@link #hash}.
	 * @param subscriptionId as Graph sent it
	 * @param clientStateHash the hash of the clientState Graph sent
	 * @return the staff member, or empty for anything else
	 */
	Optional<Long> ownerByHash(String subscriptionId, String clientStateHash) {
		if (subscriptionId == null) {
			return Optional.empty();
		}
		return jdbc
			.query("SELECT staff_user_id, subscription_id FROM outlook_subscriptions WHERE client_state_hash = ?",
					(rs, i) -> new Object[] { rs.getLong(1), rs.getString(2) }, clientStateHash)
			.stream()
			.filter((row) -> row[1] == null || row[1].equals(subscriptionId))
			.map((row) -> (Long) row[0])
			.findFirst();
	}

	/** Whether the staff member's contacts come by notification now. */
	boolean live(long staffId) {
		if (!properties.enabled()) {
			return false;
		}
		List<Timestamp> expires = jdbc.queryForList("SELECT expires_at FROM outlook_subscriptions "
				+ "WHERE staff_user_id = ? AND subscription_id IS NOT NULL", Timestamp.class, staffId);
		return !expires.isEmpty() && expires.get(0) != null && instant(expires.get(0)).isAfter(Instant.now());
	}

	/** Graph asks for a reauthorization: the keeper renews the subscription next. */
	void renewSoon(long staffId) {
		jdbc.update(
				"UPDATE outlook_subscriptions SET expires_at = ?, retry_at = NULL, updated_at = ? "
						+ "WHERE staff_user_id = ? AND subscription_id IS NOT NULL",
				utc(Instant.now()), utc(Instant.now()), staffId);
	}

	/**
	 * Graph removed the subscription: the keeper creates a new one, with a new
	 * clientState.
	 */
	void recreate(long staffId) {
		jdbc.update(
				"UPDATE outlook_subscriptions SET subscription_id = NULL, client_state_hash = NULL, "
						+ "expires_at = NULL, retry_at = NULL, updated_at = ? WHERE staff_user_id = ?",
				utc(Instant.now()), staffId);
	}

	static String hash(String clientState) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(clientState.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this Java", ex);
		}
	}

	/** Timestamps are stored as UTC wall-clock time, as Hibernate stores them. */
	static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC) : null;
	}

}
