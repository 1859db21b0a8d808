package com.whiskeysocket.crm.outlook;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.connections.ConnectionException;
import com.whiskeysocket.crm.connections.Connections;
import com.whiskeysocket.crm.staff.StaffDirectory;
import com.whiskeysocket.crm.sync.SyncProvider;
import com.whiskeysocket.crm.sync.SyncRequests;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps one Graph subscription on {@code /me/contacts} (every contact folder) for each
 * connected Outlook account: created when the account connects, renewed a day before it
 * ends, created again after Graph removed it, deleted when the account disconnects or
 * notifications are turned off. Every node looks every
 * {@code crm.outlook.notifications.check}; a row is worked on only by the node whose
 * lease on it the database granted (a conditional update of {@code lease_until}), so two
 * nodes never create or renew the same subscription. Graph is called outside any
 * transaction.
 */
@Component
class OutlookSubscriptionKeeper implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutlookSubscriptionKeeper.class);

	/** What a subscription watches: the contacts of every folder of the mailbox. */
	static final String RESOURCE = "/me/contacts";

	/** How long a node may work on a row before another may take it over. */
	private static final Duration LEASE = Duration.ofMinutes(2);

	private static final Duration MAX_RETRY = Duration.ofHours(1);

	/** How long after a connect or disconnect the keeper looks. */
	private static final Duration FORGET_SETTLES = Duration.ofSeconds(1);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcTemplate jdbc;

	private final GraphClient graph;

	private final Connections connections;

	private final StaffDirectory staffDirectory;

	private final SyncRequests syncRequests;

	private final OutlookNotificationProperties properties;

	private final String nodeId = UUID.randomUUID().toString();

	private final Semaphore wake = new Semaphore(0);

	private volatile Thread worker;

	OutlookSubscriptionKeeper(JdbcTemplate jdbc, GraphClient graph, Connections connections,
			StaffDirectory staffDirectory, SyncRequests syncRequests, OutlookNotificationProperties properties) {
		this.jdbc = jdbc;
		this.graph = graph;
		this.connections = connections;
		this.staffDirectory = staffDirectory;
		this.syncRequests = syncRequests;
		this.properties = properties;
	}

	/** Looks at once rather than at the next check (a connect, a lifecycle event). */
	void wake() {
		wake.release();
	}

	/**
	 * The account is disconnected or connected anew (maybe to another mailbox): its
	 * subscription is deleted now, while the old token still works, and a connected
	 * account gets a new one shortly. A failure to delete only leaves Graph a
	 * subscription that ends by itself within three days and whose notifications are no
	 * longer recognized.
	 */
	void forget(long staffId) {
		List<String> ids = jdbc
			.queryForList("SELECT subscription_id FROM outlook_subscriptions WHERE staff_user_id = ? "
					+ "AND subscription_id IS NOT NULL", String.class, staffId);
		// the row stays, emptied and leased for a moment: a disconnect removes the
		// connection just after this, and no node may subscribe it again meanwhile; a
		// keeper working on it now finds its lease gone and drops what it made
		Instant now = Instant.now();
		jdbc.update(
				"UPDATE outlook_subscriptions SET subscription_id = NULL, client_state_hash = NULL, expires_at = NULL, "
						+ "lease_owner = 'forget', lease_until = ?, retry_at = NULL, failures = 0, updated_at = ? "
						+ "WHERE staff_user_id = ?",
				OutlookSubscriptionStore.utc(now.plus(FORGET_SETTLES)), OutlookSubscriptionStore.utc(now), staffId);
		for (String id : ids) {
			try {
				staffDirectory.usernameOf(staffId).ifPresent((username) -> graph.deleteSubscription(username, id));
			}
			catch (RuntimeException ex) {
				log.info("Could not delete the Outlook subscription of staff {} ({}); it ends by itself", staffId,
						code(ex));
			}
		}
		// a connect gets its new subscription as soon as the moment has passed
		CompletableFuture.delayedExecutor(FORGET_SETTLES.toMillis() + 100, TimeUnit.MILLISECONDS).execute(this::wake);
	}

	/**
	 * One round on this node: rows for newly connected accounts, then every row that
	 * needs Graph and that this node wins the lease of.
	 * @return how many subscriptions this node created, renewed or deleted
	 */
	int keep() {
		Set<Long> wanted = properties.enabled()
				? new HashSet<>(connections.connectedStaff(OutlookProperties.REGISTRATION_ID)) : Set.of();
		Instant now = Instant.now();
		for (long staffId : wanted) {
			jdbc.update(
					"INSERT IGNORE INTO outlook_subscriptions (staff_user_id, created_at, updated_at) "
							+ "VALUES (?, ?, ?)",
					staffId, OutlookSubscriptionStore.utc(now), OutlookSubscriptionStore.utc(now));
		}
		List<Row> rows = jdbc.query(
				"SELECT staff_user_id, subscription_id, expires_at FROM outlook_subscriptions "
						+ "WHERE (lease_until IS NULL OR lease_until < ?) AND (retry_at IS NULL OR retry_at <= ?)",
				(rs, i) -> new Row(rs.getLong(1), rs.getString(2),
						OutlookSubscriptionStore.instant(rs.getTimestamp(3))),
				OutlookSubscriptionStore.utc(now), OutlookSubscriptionStore.utc(now));
		int done = 0;
		for (Row row : rows) {
			boolean keepIt = wanted.contains(row.staffId());
			if (due(row, keepIt, now) && lease(row.staffId())) {
				// another node may have done the work between the read above and this
				// lease
				Row current = reread(row.staffId());
				if (current != null && due(current, keepIt, now)) {
					done += work(current, keepIt) ? 1 : 0;
				}
				else {
					jdbc.update("UPDATE outlook_subscriptions SET lease_owner = NULL, lease_until = NULL "
							+ "WHERE staff_user_id = ? AND lease_owner = ?", row.staffId(), nodeId);
				}
			}
		}
		return done;
	}

	private boolean due(Row row, boolean keepIt, Instant now) {
		return !keepIt || row.subscriptionId() == null || row.expiresAt() == null
				|| row.expiresAt().isBefore(now.plus(properties.renewBefore()));
	}

	private Row reread(long staffId) {
		List<Row> rows = jdbc.query(
				"SELECT staff_user_id, subscription_id, expires_at FROM outlook_subscriptions WHERE staff_user_id = ?",
				(rs, i) -> new Row(rs.getLong(1), rs.getString(2),
						OutlookSubscriptionStore.instant(rs.getTimestamp(3))),
				staffId);
		return rows.isEmpty() ? null : rows.get(0);
	}

	private boolean lease(long staffId) {
		Instant now = Instant.now();
		return jdbc.update(
				"UPDATE outlook_subscriptions SET lease_owner = ?, lease_until = ? WHERE staff_user_id = ? "
						+ "AND (lease_until IS NULL OR lease_until < ?)",
				nodeId, OutlookSubscriptionStore.utc(now.plus(LEASE)), staffId, OutlookSubscriptionStore.utc(now)) == 1;
	}

	private boolean work(Row row, boolean keepIt) {
		String username = staffDirectory.usernameOf(row.staffId()).orElse(null);
		try {
			if (!keepIt || username == null) {
				if (row.subscriptionId() != null && username != null) {
					graph.deleteSubscription(username, row.subscriptionId());
				}
				jdbc.update("DELETE FROM outlook_subscriptions WHERE staff_user_id = ? AND lease_owner = ?",
						row.staffId(), nodeId);
				return true;
			}
			if (row.subscriptionId() != null) {
				try {
					renew(row, username);
					return true;
				}
				catch (GraphException ex) {
					if (!"graph_http_404".equals(ex.code())) {
						throw ex;
					}
					log.info("Outlook subscription of staff {} is gone from Graph; creating a new one", row.staffId());
				}
			}
			create(row.staffId(), username);
			return true;
		}
		catch (RuntimeException ex) {
			failed(row, ex, keepIt);
			return false;
		}
	}

	private void renew(Row row, String username) {
		GraphModel.Subscription renewed = graph.renewSubscription(username, row.subscriptionId(),
				Instant.now().plus(properties.lifetime()));
		jdbc.update(
				"UPDATE outlook_subscriptions SET expires_at = ?, renewals = renewals + 1, failures = 0, "
						+ "retry_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ? "
						+ "WHERE staff_user_id = ? AND lease_owner = ?",
				OutlookSubscriptionStore.utc(expiry(renewed)), OutlookSubscriptionStore.utc(Instant.now()),
				row.staffId(), nodeId);
	}

	private void create(long staffId, String username) {
		String clientState = newClientState();
		// kept before Graph is asked: its first notification may come before its answer
		jdbc.update(
				"UPDATE outlook_subscriptions SET subscription_id = NULL, client_state_hash = ?, expires_at = NULL, "
						+ "updated_at = ? WHERE staff_user_id = ? AND lease_owner = ?",
				OutlookSubscriptionStore.hash(clientState), OutlookSubscriptionStore.utc(Instant.now()), staffId,
				nodeId);
		GraphModel.Subscription created = graph.createSubscription(username, RESOURCE, properties.notificationUrl(),
				properties.lifecycleUrl(), clientState, Instant.now().plus(properties.lifetime()));
		int stored = jdbc.update(
				"UPDATE outlook_subscriptions SET subscription_id = ?, expires_at = ?, failures = 0, retry_at = NULL, "
						+ "lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE staff_user_id = ? "
						+ "AND lease_owner = ?",
				created.id(), OutlookSubscriptionStore.utc(expiry(created)),
				OutlookSubscriptionStore.utc(Instant.now()), staffId, nodeId);
		if (stored == 0) {
			// disconnected meanwhile: the new subscription is not wanted
			graph.deleteSubscription(username, created.id());
			return;
		}
		log.info("Outlook change notifications are on for staff {}", staffId);
		// changes made before the subscription existed came with no notification
		syncRequests.request(SyncProvider.OUTLOOK, staffId);
	}

	private void failed(Row row, RuntimeException ex, boolean keepIt) {
		if (!keepIt) {
			// the account is gone: its subscription ends by itself
			jdbc.update("DELETE FROM outlook_subscriptions WHERE staff_user_id = ? AND lease_owner = ?", row.staffId(),
					nodeId);
			return;
		}
		Integer failures = jdbc
			.queryForList("SELECT failures FROM outlook_subscriptions WHERE staff_user_id = ?", Integer.class,
					row.staffId())
			.stream()
			.findFirst()
			.orElse(0);
		Duration wait = properties.check();
		for (int i = 0; i < failures && wait.compareTo(MAX_RETRY) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		wait = (wait.compareTo(MAX_RETRY) > 0) ? MAX_RETRY : wait;
		jdbc.update(
				"UPDATE outlook_subscriptions SET failures = failures + 1, retry_at = ?, lease_owner = NULL, "
						+ "lease_until = NULL, updated_at = ? WHERE staff_user_id = ? AND lease_owner = ?",
				OutlookSubscriptionStore.utc(Instant.now().plus(wait)), OutlookSubscriptionStore.utc(Instant.now()),
				row.staffId(), nodeId);
		log.warn("Outlook subscription of staff {} could not be kept ({}); trying again in {}s", row.staffId(),
				code(ex), wait.toSeconds());
	}

	private static String code(RuntimeException ex) {
		if (ex instanceof GraphException graph) {
			return graph.code();
		}
		if (ex instanceof ConnectionException connection) {
			return "outlook_" + connection.reason().name().toLowerCase(java.util.Locale.ROOT);
		}
		return ex.getClass().getSimpleName();
	}

	private Instant expiry(GraphModel.Subscription subscription) {
		try {
			return OffsetDateTime.parse(subscription.expirationDateTime()).toInstant();
		}
		catch (RuntimeException ex) {
			// renewed on the asked-for lifetime; the next check renews early enough
			return Instant.now().plus(properties.lifetime());
		}
	}

	/** 32 random bytes, URL-safe Base64: 43 characters (Graph allows 128). */
	private static String newClientState() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private void work() {
		while (worker == Thread.currentThread()) {
			try {
				keep();
				wake.tryAcquire(properties.check().toMillis(), TimeUnit.MILLISECONDS);
				wake.drainPermits();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (DataAccessException ex) {
				log.warn("Outlook subscriptions: the database is unreachable ({}); trying again",
						ex.getClass().getSimpleName());
				sleep();
			}
			catch (RuntimeException ex) {
				log.warn("Outlook subscriptions could not be kept ({}); trying again", ex.getClass().getSimpleName());
				sleep();
			}
		}
	}

	private void sleep() {
		try {
			Thread.sleep(properties.check().toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		Thread thread = new Thread(this::work, "outlook-subscriptions");
		thread.setDaemon(true);
		worker = thread;
		thread.start();
	}

	@Override
	public void stop() {
		Thread thread = worker;
		worker = null;
		if (thread != null) {
			thread.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return worker != null;
	}

	private record Row(long staffId, String subscriptionId, Instant expiresAt) {
	}

}
