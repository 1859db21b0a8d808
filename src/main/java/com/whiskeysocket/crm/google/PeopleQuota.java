package com.whiskeysocket.crm.google;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Google's per-user People API quotas as this node spends them: "Critical read requests
 * (Contact and Profile Reads) per minute per user" and "Critical write requests (Contact
 * Creates and Updates) per minute per user", each a sliding minute. A write-back call
 * {@link #take takes} its units before it is sent, waiting for the moment enough of them
 * have left the window, so it goes out when Google would accept it instead of being
 * refused with 429 and waited out in whole seconds; the read sync's calls are only
 * {@link #count counted}, so the write-back knows what the reading spent.
 *
 * <p>
 * Units are held from the moment a call is sent until its answer comes back, and then
 * dated by the answer: Google counts the call somewhere in between, so a unit never
 * leaves this window before it has left Google's. A call answered 429 was not counted and
 * gives its units back. Another node or another application spending the same user's
 * quota is not seen here: Google's 429 and its {@code Retry-After} stay the safety net.
 */
final class PeopleQuota {

	/** What a call costs of the two budgets. */
	record Cost(int reads, int writes) {

		/** Deletes and contact group writes: counted against other quotas. */
		static final Cost NONE = new Cost(0, 0);

		/** A read (counted as critical, as the stand-in does: stricter than Google). */
		static final Cost READ = new Cost(1, 0);

		/** {@code updateContact}, {@code createContact}. */
		static final Cost WRITE = new Cost(1, 1);

		/** {@code people:batchCreateContacts}, {@code people:batchUpdateContacts}. */
		static final Cost BATCH_WRITE = new Cost(6, 6);

		boolean free() {
			return reads == 0 && writes == 0;
		}

	}

	/** Waits; a fake one in tests moves a fake clock. */
	interface Sleeper {

		void sleep(Duration wait) throws InterruptedException;

	}

	/** Units held by one call, until {@link #answered} or {@link #refund refunded}. */
	interface Spend {

		/** The call has its answer: its units leave the window a minute from now. */
		void answered();

		/** The call was refused without being counted (429): its units are free again. */
		void refund();

	}

	private static final Spend NOTHING = new Spend() {

		@Override
		public void answered() {
		}

		@Override
		public void refund() {
		}

	};

	/** How often a call waiting only for calls still under way looks again. */
	private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(50);

	private final Clock clock;

	private final Sleeper sleeper;

	private final int reads;

	private final int writes;

	private final Duration window;

	private final Map<String, Window> users = new ConcurrentHashMap<>();

	/**
	 * @param reads critical reads a user may spend in the window, 0 for no budget
	 * @param writes critical writes a user may spend in the window, 0 for no budget
	 */
	PeopleQuota(Clock clock, Sleeper sleeper, int reads, int writes, Duration window) {
		this.clock = clock;
		this.sleeper = sleeper;
		this.reads = reads;
		this.writes = writes;
		this.window = window;
	}

	static PeopleQuota of(GoogleProperties properties) {
		return new PeopleQuota(Clock.systemUTC(), (wait) -> Thread.sleep(wait.toMillis()),
				properties.criticalReadsPerMinute(), properties.criticalWritesPerMinute(), Duration.ofMinutes(1));
	}

	/**
	 * Holds a call's units, first waiting until they fit in the user's window.
	 * @throws InterruptedException when the wait is interrupted (nothing is held)
	 */
	Spend take(String username, Cost cost) throws InterruptedException {
		if (cost.free() || (reads <= 0 && writes <= 0)) {
			return NOTHING;
		}
		Window user = users.computeIfAbsent(username, (name) -> new Window());
		while (true) {
			Duration wait;
			synchronized (user) {
				wait = user.fit(clock.millis(), cost);
				if (wait == null) {
					return user.hold(cost);
				}
			}
			sleeper.sleep(wait);
		}
	}

	/** Holds a call's units without waiting (the read sync, which keeps its own pace). */
	Spend count(String username, Cost cost) {
		if (cost.free() || (reads <= 0 && writes <= 0)) {
			return NOTHING;
		}
		Window user = users.computeIfAbsent(username, (name) -> new Window());
		synchronized (user) {
			return user.hold(cost);
		}
	}

	/** One user's units in the last window; a held unit has no time yet. */
	private final class Window {

		private final List<Held> held = new ArrayList<>();

		/** {@code null} when the cost fits now, else how long until it may. */
		Duration fit(long now, Cost cost) {
			held.removeIf((unit) -> unit.at != null && unit.at <= now - window.toMillis());
			int spentReads = 0;
			int spentWrites = 0;
			for (Held unit : held) {
				spentReads += unit.cost.reads();
				spentWrites += unit.cost.writes();
			}
			if (fits(spentReads, spentWrites, cost) || held.isEmpty()) {
				// a cost above the whole budget goes alone rather than never
				return null;
			}
			List<Held> leaving = held.stream()
				.filter((unit) -> unit.at != null)
				.sorted(Comparator.comparingLong((Held unit) -> unit.at))
				.toList();
			for (Held unit : leaving) {
				spentReads -= unit.cost.reads();
				spentWrites -= unit.cost.writes();
				if (fits(spentReads, spentWrites, cost)) {
					return Duration.ofMillis(Math.max(1, unit.at + window.toMillis() - now));
				}
			}
			// only calls still under way hold what this one needs
			return IN_FLIGHT_POLL;
		}

		private boolean fits(int spentReads, int spentWrites, Cost cost) {
			return (reads <= 0 || spentReads + cost.reads() <= reads)
					&& (writes <= 0 || spentWrites + cost.writes() <= writes);
		}

		Held hold(Cost cost) {
			Held unit = new Held(this, cost);
			held.add(unit);
			return unit;
		}

	}

	private final class Held implements Spend {

		private final Window window;

		private final Cost cost;

		/** When the answer came; {@code null} while the call is under way. */
		private Long at;

		Held(Window window, Cost cost) {
			this.window = window;
			this.cost = cost;
		}

		@Override
		public void answered() {
			synchronized (window) {
				at = clock.millis();
			}
		}

		@Override
		public void refund() {
			synchronized (window) {
				window.held.remove(this);
			}
		}

	}

}
