package com.whiskeysocket.crm.outlook;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.sync.SyncProvider;
import com.whiskeysocket.crm.sync.SyncRequests;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Change notifications between Graph's post and the sync they ask for. The endpoint only
 * drops each into this node's inbox (no database, no pool: its 202 never waits for
 * either, whatever the pages are doing), and one thread checks them: the same
 * subscription and clientState posted a thousand times while it works are checked once,
 * and a notification whose clientState is one of our subscriptions' marks its account
 * requested ({@link SyncRequests}). A node that stops with notifications still waiting
 * checks them first; one that dies loses them, and the schedule (the backstop for every
 * notification Graph never delivers) catches what they were about.
 */
@Component
class OutlookNotificationInbox implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutlookNotificationInbox.class);

	/** What a Graph subscription id looks like; anything else is not logged as given. */
	private static final Pattern SUBSCRIPTION_ID = Pattern.compile("[A-Za-z0-9-]{1,100}");

	/**
	 * Distinct subscription and clientState pairs waiting; Graph has one per account, so
	 * more are guesses, dropped.
	 */
	private static final int MAX_WAITING = 10_000;

	private final OutlookSubscriptionStore subscriptions;

	private final SyncRequests syncRequests;

	private final Map<Waiting, Boolean> waiting = new ConcurrentHashMap<>();

	private final Semaphore wake = new Semaphore(0);

	private volatile Thread worker;

	OutlookNotificationInbox(OutlookSubscriptionStore subscriptions, SyncRequests syncRequests) {
		this.subscriptions = subscriptions;
		this.syncRequests = syncRequests;
	}

	/**
	 * Takes a change notification to be checked and acted on in a moment.
	 * @param subscriptionId as Graph sent it
	 * @param clientState as Graph sent it
	 */
	void add(String subscriptionId, String clientState) {
		if (subscriptionId == null || clientState == null || clientState.isEmpty() || clientState.length() > 128) {
			ignored(subscriptionId);
			return;
		}
		if (waiting.size() >= MAX_WAITING) {
			log.warn("Outlook notification for subscription {} dropped: {} others wait to be checked",
					loggable(subscriptionId), MAX_WAITING);
			return;
		}
		// only the hash is kept, as in the database
		if (waiting.putIfAbsent(new Waiting(subscriptionId, OutlookSubscriptionStore.hash(clientState)),
				Boolean.TRUE) == null) {
			wake.release();
		}
	}

	/** Checks what waits and asks for the syncs. */
	void check() {
		Set<Long> accounts = new LinkedHashSet<>();
		for (Waiting notification : List.copyOf(waiting.keySet())) {
			// removed before it is read: one that comes again meanwhile is checked again
			waiting.remove(notification);
			try {
				Optional<Long> owner = subscriptions.ownerByHash(notification.subscriptionId(),
						notification.clientStateHash());
				owner.ifPresentOrElse(accounts::add, () -> ignored(notification.subscriptionId()));
			}
			catch (DataAccessException ex) {
				waiting.putIfAbsent(notification, Boolean.TRUE);
				throw ex;
			}
		}
		accounts.forEach((staffId) -> syncRequests.request(SyncProvider.OUTLOOK, staffId));
	}

	static void ignored(String subscriptionId) {
		// never the clientState itself: it is the secret being guessed
		log.warn("Outlook notification for subscription {} ignored: its clientState is not ours",
				loggable(subscriptionId));
	}

	static String loggable(String subscriptionId) {
		return (subscriptionId != null && SUBSCRIPTION_ID.matcher(subscriptionId).matches()) ? subscriptionId
				: "(not a subscription id)";
	}

	private void work() {
		while (worker == Thread.currentThread()) {
			try {
				wake.acquire();
				wake.drainPermits();
				check();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Outlook notifications could not be checked ({}); trying again",
						ex.getClass().getSimpleName());
				pause();
			}
		}
	}

	private void pause() {
		try {
			TimeUnit.SECONDS.sleep(1);
			wake.release();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		Thread thread = new Thread(this::work, "outlook-notifications");
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
		if (!waiting.isEmpty()) {
			try {
				check();
			}
			catch (RuntimeException ex) {
				log.warn("{} Outlook notifications were not checked before stopping ({}); the schedule catches "
						+ "their changes", waiting.size(), ex.getClass().getSimpleName());
			}
		}
	}

	@Override
	public boolean isRunning() {
		return worker != null;
	}

	private record Waiting(String subscriptionId, String clientStateHash) {
	}

}
