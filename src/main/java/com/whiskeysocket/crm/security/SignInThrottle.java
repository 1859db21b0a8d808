package com.whiskeysocket.crm.security;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntFunction;
import java.util.Locale;

import com.whiskeysocket.crm.audit.AuditLog;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Failed sign-ins counted per account and per client address in the database, so every
 * node sees the same counts and memory stays flat whatever an attacker sends: one small
 * row per key, deleted once forgotten. Unknown usernames are counted like real ones, so a
 * lock says nothing about whether an account exists.
 * <p>
 * An account's delays and lock hold only for the addresses that failed for it (a
 * {@code pair:} row records each one): anyone can type five wrong passwords for
 * {@code admin}, but that must not lock the admin out everywhere. A right password from
 * an address that never failed goes in; each further address still gets at most one wrong
 * try while the lock lasts. An address's own count locks it for every account.
 */
@Component
class SignInThrottle {

	static final String ACCOUNT = "account:";

	static final String ADDRESS = "address:";

	static final String PAIR = "pair:";

	private final JdbcTemplate jdbc;

	private final SignInProperties properties;

	private final AuditLog audit;

	SignInThrottle(JdbcTemplate jdbc, SignInProperties properties, AuditLog audit) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.audit = audit;
	}

	static String accountKey(String username) {
		String name = (username != null) ? username.strip().toLowerCase(Locale.ROOT) : "";
		return clip(ACCOUNT + name);
	}

	static String addressKey(String address) {
		return clip(ADDRESS + ((address != null) ? address : "unknown"));
	}

	/** The key recording that this address failed for this account. */
	static String pairKey(String username, String address) {
		String name = (username != null) ? username.strip().toLowerCase(Locale.ROOT) : "";
		return clip(PAIR + ((address != null) ? address : "unknown") + " " + name);
	}

	private static String clip(String key) {
		return (key.length() <= 120) ? key : key.substring(0, 120);
	}

	/**
	 * How long an attempt for this account from this address must still wait.
	 * @param username the name typed
	 * @param address the client address
	 * @param now the current time
	 * @return zero if it may go ahead
	 */
	@Transactional(readOnly = true)
	public Duration waitFor(String username, String address, Instant now) {
		String account = accountKey(username);
		String pair = pairKey(username, address);
		List<Row> rows = jdbc.query(
				"SELECT throttle_key, failures, last_failure_at, locked_until FROM sign_in_throttle "
						+ "WHERE throttle_key IN (?, ?, ?)",
				(rs, n) -> new Row(rs.getString(1), rs.getInt(2), instant(rs.getTimestamp(3)),
						instant(rs.getTimestamp(4))),
				account, addressKey(address), pair);
		boolean failedHere = rows.stream()
			.anyMatch((row) -> row.key().equals(pair) && !row.forgotten(now, properties.forgetAfter()));
		return rows.stream()
			.filter((row) -> !row.key().equals(account) || failedHere)
			.filter((row) -> row.lockedUntil() != null && row.lockedUntil().isAfter(now))
			.map((row) -> Duration.between(now, row.lockedUntil()))
			.max(Duration::compareTo)
			.orElse(Duration.ZERO);
	}

	/**
	 * Counts a failed sign-in against the account and the address.
	 * @param username the name typed
	 * @param address the client address
	 * @param now the current time
	 * @return the longest wait it caused and whether that wait is a lock
	 */
	@Transactional
	public Failure failed(String username, String address, Instant now) {
		Failure account = count(accountKey(username), properties.accountLockAfter(), properties::accountWaitAfter, now);
		Failure byAddress = count(addressKey(address), properties.addressLockAfter(), properties::addressWaitAfter,
				now);
		String pair = pairKey(username, address);
		jdbc.update("INSERT INTO sign_in_throttle (throttle_key, failures) VALUES (?, 0) "
				+ "ON DUPLICATE KEY UPDATE throttle_key = throttle_key", pair);
		jdbc.update("UPDATE sign_in_throttle SET failures = failures + 1, last_failure_at = ? WHERE throttle_key = ?",
				Timestamp.from(now), pair);
		return (byAddress.delay().compareTo(account.delay()) > 0) ? byAddress : account;
	}

	private Failure count(String key, int lockAfter, IntFunction<Duration> waitAfter, Instant now) {
		jdbc.update("INSERT INTO sign_in_throttle (throttle_key, failures) VALUES (?, 0) "
				+ "ON DUPLICATE KEY UPDATE throttle_key = throttle_key", key);
		Row row = jdbc.queryForObject(
				"SELECT failures, last_failure_at, locked_until FROM sign_in_throttle WHERE throttle_key = ? FOR UPDATE",
				(rs, n) -> new Row(key, rs.getInt(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3))), key);
		int failures = row.forgotten(now, properties.forgetAfter()) ? 1 : row.failures() + 1;
		Duration wait = waitAfter.apply(failures);
		jdbc.update(
				"UPDATE sign_in_throttle SET failures = ?, last_failure_at = ?, locked_until = ? WHERE throttle_key = ?",
				failures, Timestamp.from(now), Timestamp.from(now.plus(wait)), key);
		return new Failure(key, wait, failures >= lockAfter);
	}

	/**
	 * A successful sign-in from an address that had failed for the account clears the
	 * account's failures; one from anywhere else leaves them, and the lock they hold on
	 * the addresses that failed (nor does it clear its address's: one good password must
	 * not reset an attacker's count).
	 * @param username the account
	 * @param address the client address
	 */
	@Transactional
	public void succeeded(String username, String address) {
		if (jdbc.update("DELETE FROM sign_in_throttle WHERE throttle_key = ?", pairKey(username, address)) > 0) {
			jdbc.update("DELETE FROM sign_in_throttle WHERE throttle_key = ?", accountKey(username));
		}
	}

	/**
	 * Ends an account's delay or lock at once, for the operator who cannot sign in
	 * ({@code java -jar crm.jar --unlock <username>}).
	 * @param username the account
	 * @return whether there was one
	 */
	@Transactional
	public boolean unlockAccount(String username) {
		return unlock(accountKey(username));
	}

	/**
	 * Ends a delay or lock at once (an admin's decision, audited).
	 * @param key the account or address key
	 * @return whether there was one
	 */
	@Transactional
	public boolean unlock(String key) {
		boolean unlocked = jdbc.update("DELETE FROM sign_in_throttle WHERE throttle_key = ?", key) > 0;
		if (unlocked) {
			audit.record("sign-in.unlocked", key, null);
		}
		return unlocked;
	}

	/**
	 * The locks in force (not the short delays before them), longest first.
	 * @param now the current time
	 * @return the locks
	 */
	@Transactional(readOnly = true)
	public List<Lock> locks(Instant now) {
		return jdbc
			.query("SELECT throttle_key, failures, locked_until FROM sign_in_throttle WHERE locked_until > ? "
					+ "ORDER BY locked_until DESC LIMIT 200",
					(rs, n) -> new Lock(rs.getString(1), rs.getInt(2), rs.getTimestamp(3).toInstant()),
					Timestamp.from(now))
			.stream()
			.filter((lock) -> lock
				.failures() >= (lock.isAccount() ? properties.accountLockAfter() : properties.addressLockAfter()))
			.toList();
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT10M")
	void forgetOld() {
		forgetOld(Instant.now());
	}

	@Transactional
	public int forgetOld(Instant now) {
		Timestamp cutoff = Timestamp.from(now.minus(properties.forgetAfter()));
		return jdbc.update("DELETE FROM sign_in_throttle WHERE (locked_until IS NULL OR locked_until < ?) "
				+ "AND (last_failure_at IS NULL OR last_failure_at < ?)", cutoff, cutoff);
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private record Row(String key, int failures, Instant lastFailureAt, Instant lockedUntil) {

		boolean forgotten(Instant now, Duration forgetAfter) {
			if (lastFailureAt == null) {
				return true;
			}
			Instant quietSince = (lockedUntil != null && lockedUntil.isAfter(lastFailureAt)) ? lockedUntil
					: lastFailureAt;
			return now.isAfter(quietSince.plus(forgetAfter));
		}

	}

	/**
	 * What a failed sign-in caused.
	 *
	 * @param key the account or address key with the longest wait
	 * @param delay the wait before the next attempt
	 * @param locked whether the wait is a lock rather than a short delay
	 */
	record Failure(String key, Duration delay, boolean locked) {

	}

	/**
	 * A lock in force.
	 *
	 * @param key {@code account:<name>} or {@code address:<ip>}
	 * @param failures failures counted
	 * @param until when it ends by itself
	 */
	record Lock(String key, int failures, Instant until) {

		public boolean isAccount() {
			return key.startsWith(ACCOUNT);
		}

		public String name() {
			return key.substring(isAccount() ? ACCOUNT.length() : ADDRESS.length());
		}

	}

}
