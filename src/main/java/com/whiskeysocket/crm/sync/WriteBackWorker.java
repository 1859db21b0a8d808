package com.whiskeysocket.crm.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.connections.Backoff;
import com.whiskeysocket.crm.connections.Connections;
import com.whiskeysocket.crm.contacts.LostValues;
import com.whiskeysocket.crm.contacts.People;
import com.whiskeysocket.crm.contacts.PersonCard;
import com.whiskeysocket.crm.staff.StaffDirectory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Works the write-back outbox on every node: each tick it claims address books with work
 * (one node per address book at a time, by a lease on its settings row), fills a newly
 * turned-on one with the contacts in its scope, and writes what waits through the
 * provider's {@link AddressBookWriter}: a copy found by the CRM's tag or by a number is
 * linked, never made twice; an existing copy is updated with the stored etag, and when
 * the address book changed it meanwhile, read again and merged three ways; a contact that
 * left the scope leaves the group (deleted only if the CRM made it and nobody edited it).
 * Failures are retried with a doubling backoff and shown once they give up.
 */
@Component
class WriteBackWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(WriteBackWorker.class);

	private final Map<SyncProvider, AddressBookWriter> writers;

	private final WriteBackStore store;

	private final WriteBackEntries entries;

	private final People people;

	private final Connections connections;

	private final StaffDirectory staff;

	private final LostValues lostValues;

	private final WriteBackProperties properties;

	private final String node;

	private final Semaphore slots;

	/** When this node last wrote a round into each address book. */
	private final Map<Map.Entry<Long, SyncProvider>, Instant> lastRound = new java.util.concurrent.ConcurrentHashMap<>();

	/** How long {@link #stop()} waits for a round to end, and again once interrupted. */
	private static final Duration ROUND_END_WAIT = Duration.ofSeconds(5);

	private ScheduledExecutorService ticks;

	private ExecutorService workers;

	/**
	 * Reads the next round's rows and records the last round's writes while the provider
	 * answers the current one's.
	 */
	private ExecutorService database;

	WriteBackWorker(List<AddressBookWriter> writers, WriteBackStore store, WriteBackEntries entries, People people,
			Connections connections, StaffDirectory staff, LostValues lostValues, WriteBackProperties properties,
			SyncProperties syncProperties) {
		this.lostValues = lostValues;
		this.writers = writers.stream()
			.collect(Collectors.toUnmodifiableMap(AddressBookWriter::provider, Function.identity()));
		this.store = store;
		this.entries = entries;
		this.people = people;
		this.connections = connections;
		this.staff = staff;
		this.properties = properties;
		this.node = syncProperties.nodeId();
		this.slots = new Semaphore(properties.threads());
	}

	/**
	 * One round: paused address books whose connection can write again resume, then
	 * address books with work are claimed and worked, each on a worker thread.
	 * @return how many address books this node took
	 */
	int tick() {
		int taken = 0;
		try {
			for (WriteBackSettings paused : store.paused()) {
				AddressBookWriter writer = writers.get(paused.provider());
				if (writer != null && connections.canWrite(paused.staffId(), writer.registrationId())) {
					store.resume(paused.staffId(), paused.provider());
				}
			}
			for (Map.Entry<Long, SyncProvider> account : store.withWork()) {
				AddressBookWriter writer = writers.get(account.getValue());
				if (writer == null || !slots.tryAcquire()) {
					continue;
				}
				if (!store.claim(account.getKey(), account.getValue(), node, leaseEnd())) {
					slots.release();
					continue;
				}
				taken++;
				Runnable work = () -> {
					try {
						work(writer, account.getKey());
					}
					finally {
						slots.release();
					}
				};
				if (workers != null) {
					workers.execute(work);
				}
				else {
					work.run();
				}
			}
		}
		catch (DataAccessException ex) {
			log.warn("Write-back: the database is unreachable ({}); trying again next tick",
					ex.getClass().getSimpleName());
		}
		return taken;
	}

	/** Works one claimed address book until nothing is due or the lease would run out. */
	void work(AddressBookWriter writer, long staffId) {
		SyncProvider provider = writer.provider();
		// a round may wait out a provider's Retry-After longer than the lease (Google
		// asks for up to a minute, several times): the claim is kept while it runs, so no
		// other thread or node writes the same address book meanwhile
		ScheduledFuture<?> heartbeat = (ticks != null) ? ticks.scheduleWithFixedDelay(() -> {
			try {
				store.renew(staffId, provider, node, leaseEnd());
			}
			catch (RuntimeException ex) {
				// the next round's renewal, or the lease's end, decides
			}
		}, properties.lease().toMillis() / 3, properties.lease().toMillis() / 3, TimeUnit.MILLISECONDS) : null;
		try {
			Optional<WriteBackSettings> settings = store.settings(staffId, provider);
			Optional<String> username = staff.usernameOf(staffId);
			if (settings.isEmpty() || !settings.get().enabled() || username.isEmpty()) {
				return;
			}
			if (!connections.canWrite(staffId, writer.registrationId())) {
				store.pause(staffId, provider, AddressBookException.CONSENT_REQUIRED);
				return;
			}
			rounds(writer, username.get(), settings.get());
		}
		catch (RuntimeException ex) {
			log.warn("Write-back of an address book ({}) stopped ({}); trying again next tick", provider.code(),
					ex.getClass().getSimpleName());
		}
		finally {
			if (heartbeat != null) {
				heartbeat.cancel(false);
			}
			try {
				store.release(staffId, provider, node);
			}
			catch (DataAccessException ex) {
				// the lease expires by itself
			}
		}
	}

	/**
	 * Writes rounds of rows until nothing is due or half the lease is spent. The database
	 * side runs on other threads while the provider answers a round's requests: the last
	 * round is recorded and the next one's rows, cards and copies are read, passing over
	 * the rows being written (still in the outbox). A round's rows are read only once the
	 * round before the one being written was recorded, so no row is taken twice, and the
	 * claim is released only once every round is recorded.
	 */
	private void rounds(AddressBookWriter writer, String username, WriteBackSettings settings) {
		long staffId = settings.staffId();
		SyncProvider provider = settings.provider();
		Executor lane = lane();
		Instant stop = Instant.now().plus(properties.lease().dividedBy(2));
		Map.Entry<Long, SyncProvider> key = Map.entry(staffId, provider);
		int size = writer.roundSize(properties.batch());
		// opened only for a round that goes: opening costs the provider a read
		AddressBookWriter.AddressBook book = null;
		CompletableFuture<Round> next = CompletableFuture.supplyAsync(() -> prepare(settings, Set.of(), size), lane);
		CompletableFuture<Void> recorded = CompletableFuture.completedFuture(null);
		try {
			while (Instant.now().isBefore(stop)) {
				Round round = join(next);
				if (round.rows().isEmpty()) {
					break;
				}
				Instant last = lastRound.get(key);
				if (round.rows().size() < size && last != null
						&& Instant.now().isBefore(last.plus(writer.roundInterval()))) {
					// let more changes gather: a later tick writes them together
					break;
				}
				if (book == null) {
					try {
						book = writer.open(username, properties.group());
					}
					catch (AddressBookException ex) {
						handleOpenFailure(staffId, provider, ex);
						break;
					}
				}
				lastRound.put(key, Instant.now());
				Set<Long> writing = round.rows()
					.stream()
					.map(WriteBackStore.Row::contactId)
					.collect(Collectors.toUnmodifiableSet());
				next = recorded.thenApplyAsync((previous) -> prepare(settings, writing, size), lane);
				Batch batch = new Batch();
				boolean go = write(book, settings, round, batch);
				// what was written is recorded even when the address book must wait for
				// the rest
				recorded = CompletableFuture.runAsync(() -> record(staffId, provider, batch), lane);
				if (!go) {
					break;
				}
				if (!store.renew(staffId, provider, node, leaseEnd())) {
					log.warn("Write-back: another node took over an address book ({})", provider.code());
					break;
				}
			}
		}
		finally {
			// recorded before the claim is given up, or another node would write them
			// again (the next round's reading waits for the recording before the last)
			settle(next, provider);
			settle(recorded, provider);
		}
	}

	/** The database side of the rounds: on its own threads once started. */
	private Executor lane() {
		ExecutorService threads = database;
		return (threads != null) ? threads : Runnable::run;
	}

	private static void settle(CompletableFuture<?> step, SyncProvider provider) {
		try {
			step.join();
		}
		catch (CompletionException | java.util.concurrent.CancellationException ex) {
			log.warn(
					"Write-back of an address book ({}) could not read or record a round ({}); trying again next "
							+ "tick",
					provider.code(),
					(ex.getCause() != null) ? ex.getCause().getClass().getSimpleName() : ex.getClass().getSimpleName());
		}
	}

	/**
	 * The rows of one round with the cards and the copies last written of their contacts.
	 */
	private record Round(List<WriteBackStore.Row> rows, Map<Long, PersonCard> cards,
			Map<Long, WriteBackStore.Copy> copies) {

	}

	/**
	 * The next round: the rows due, passing over those being written, and when they do
	 * not fill a round, the next contacts of a filling.
	 */
	private Round prepare(WriteBackSettings settings, Set<Long> writing, int size) {
		long staffId = settings.staffId();
		SyncProvider provider = settings.provider();
		List<WriteBackStore.Row> rows = due(settings, writing, size);
		if (rows.size() < size && fill(settings, size)) {
			rows = due(settings, writing, size);
		}
		if (rows.isEmpty()) {
			return new Round(rows, Map.of(), Map.of());
		}
		List<Long> ids = rows.stream().map(WriteBackStore.Row::contactId).toList();
		return new Round(rows, people.cards(ids), store.copies(staffId, provider, ids));
	}

	private List<WriteBackStore.Row> due(WriteBackSettings settings, Set<Long> writing, int size) {
		return store.due(settings.staffId(), settings.provider(), size + writing.size())
			.stream()
			.filter((row) -> !writing.contains(row.contactId()))
			.limit(size)
			.toList();
	}

	/** What a round wrote, in batched statements. */
	private void record(long staffId, SyncProvider provider, Batch batch) {
		store.saveCopies(staffId, provider, batch.written);
		store.done(staffId, provider, batch.done);
		if (!batch.done.isEmpty()) {
			store.written(staffId, provider);
		}
	}

	private static <T> T join(CompletableFuture<T> step) {
		try {
			return step.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw ex;
		}
	}

	/**
	 * The first filling after turning it on: one round's contacts at a time, put in the
	 * outbox only when what is due does not fill a round. The outbox serves rows by when
	 * they fell due, so a change made meanwhile goes with the next round or the one
	 * after, instead of waiting behind every contact of the filling (5,000 are 25 rounds,
	 * more than a minute at Google's pace).
	 * @return whether contacts were added
	 */
	private boolean fill(WriteBackSettings settings, int page) {
		Optional<Long> cursor = store.fillCursor(settings.staffId(), settings.provider());
		if (cursor.isEmpty()) {
			return false;
		}
		List<Long> ids = people.ids(settings.allContacts() ? null : settings.staffId(), settings.statuses(),
				cursor.get(), page);
		store.enqueue(settings.staffId(), settings.provider(), ids, false, Instant.now());
		store.fillCursor(settings.staffId(), settings.provider(), (ids.size() < page) ? null : ids.get(ids.size() - 1));
		return !ids.isEmpty();
	}

	/**
	 * Writes one round of rows into the address book: new copies created in one call (or
	 * as few as the provider allows), the people the address book already has looked up
	 * for all new contacts at once, updates sent together; what was written and what is
	 * done is gathered in {@code batch} for the caller to record.
	 * @return false when the whole address book must wait (consent, throttling)
	 */
	private boolean write(AddressBookWriter.AddressBook book, WriteBackSettings settings, Round round, Batch batch) {
		long staffId = settings.staffId();
		SyncProvider provider = settings.provider();
		List<WriteBackStore.Row> rows = round.rows();
		Map<Long, PersonCard> cards = round.cards();
		Map<Long, WriteBackStore.Copy> copies = round.copies();
		List<WriteBackStore.Row> unknown = new ArrayList<>();
		Map<Long, AddressBookEntry> wanted = new HashMap<>();
		for (WriteBackStore.Row row : rows) {
			try {
				PersonCard card = cards.get(row.contactId());
				WriteBackStore.Copy copy = copies.get(row.contactId());
				if (!settings.inScope(card)) {
					if (copy != null && !copy.detached()) {
						leave(book, staffId, provider, copy);
					}
					batch.done.add(row);
					continue;
				}
				AddressBookEntry entry = entries.of(card);
				if (copy != null) {
					if (copy.detached()) {
						batch.done.add(row);
					}
					else if (copy.etag() == null) {
						// a base kept without its etag (the address book had values the
						// CRM had yet to read): the copy as it is now
						Optional<AddressBookCopy> now = book.read(copy.externalId());
						if (now.isEmpty()) {
							store.detach(staffId, provider, row.contactId());
							batch.done.add(row);
						}
						else {
							batch.updates.add(new Pending(row, now.get(), copy.written(), entry, true));
						}
					}
					else {
						batch.updates.add(new Pending(row, copy.asCopy(), copy.written(), entry, true));
					}
					continue;
				}
				Optional<AddressBookCopy> tagged = book.findByTag(row.contactId());
				if (tagged.isPresent()) {
					// made by a write whose answer was lost: this is our copy
					batch.updates.add(new Pending(row, tagged.get(), tagged.get().entry(), entry, true));
					continue;
				}
				unknown.add(row);
				wanted.put(row.contactId(), entry);
			}
			catch (AddressBookException ex) {
				if (!failed(staffId, provider, row, ex)) {
					return false;
				}
			}
		}
		return link(book, staffId, provider, unknown, wanted, batch) && create(book, staffId, provider, batch)
				&& update(book, staffId, provider, batch);
	}

	/** What one batch of rows becomes, and what is recorded once it is written. */
	private static final class Batch {

		final List<WriteBackStore.Row> done = new ArrayList<>();

		final List<WriteBackStore.Row> creating = new ArrayList<>();

		final List<AddressBookWriter.NewCopy> creates = new ArrayList<>();

		final List<Pending> updates = new ArrayList<>();

		final List<WriteBackStore.Written> written = new ArrayList<>();

	}

	/**
	 * An update to write: the copy as last read or written, the base of the merge (the
	 * values last written, or the person as found), and the CRM's values.
	 */
	private record Pending(WriteBackStore.Row row, AddressBookCopy current, AddressBookEntry base,
			AddressBookEntry entry, boolean createdByCrm) {

	}

	/**
	 * New contacts: a person the address book already has with one of their numbers is
	 * linked (into the CRM's group, only what it lacks added), the rest are created. All
	 * numbers are looked up at once.
	 * @return false when the whole address book must wait
	 */
	private boolean link(AddressBookWriter.AddressBook book, long staffId, SyncProvider provider,
			List<WriteBackStore.Row> unknown, Map<Long, AddressBookEntry> wanted, Batch batch) {
		if (unknown.isEmpty()) {
			return true;
		}
		Map<String, AddressBookCopy> known;
		try {
			known = book.findByNumbers(unknown.stream()
				.flatMap((row) -> wanted.get(row.contactId()).phones().stream())
				.map(AddressBookEntry.Value::value)
				.distinct()
				.toList());
		}
		catch (AddressBookException ex) {
			return failedAll(staffId, provider, unknown, ex);
		}
		for (WriteBackStore.Row row : unknown) {
			AddressBookEntry entry = wanted.get(row.contactId());
			Optional<AddressBookCopy> found = entry.phones()
				.stream()
				.map((phone) -> known.get(phone.value()))
				.filter(Objects::nonNull)
				.findFirst();
			if (found.isEmpty()) {
				batch.creating.add(row);
				batch.creates.add(new AddressBookWriter.NewCopy(row.contactId(), entry));
				continue;
			}
			try {
				if (!found.get().inOurGroup()) {
					book.join(found.get());
				}
				batch.updates.add(new Pending(row, found.get(), found.get().entry(),
						found.get().entry().plusMissingOf(entry), false));
			}
			catch (AddressBookException ex) {
				if (!failed(staffId, provider, row, ex)) {
					return false;
				}
			}
		}
		return true;
	}

	private boolean create(AddressBookWriter.AddressBook book, long staffId, SyncProvider provider, Batch batch) {
		if (batch.creates.isEmpty()) {
			return true;
		}
		try {
			List<AddressBookCopy> made = book.create(batch.creates);
			for (int i = 0; i < made.size(); i++) {
				batch.written.add(new WriteBackStore.Written(batch.creating.get(i).contactId(), made.get(i), true));
				batch.done.add(batch.creating.get(i));
			}
			return true;
		}
		catch (AddressBookException ex) {
			return failedAll(staffId, provider, batch.creating, ex);
		}
	}

	/**
	 * The updates, sent together: each the three-way merge of what was last written, the
	 * CRM's values and the copy as known; one that changed in the address book meanwhile
	 * is read again and merged on its own, never overwritten.
	 * @return false when the whole address book must wait
	 */
	private boolean update(AddressBookWriter.AddressBook book, long staffId, SyncProvider provider, Batch batch) {
		List<Pending> sending = new ArrayList<>();
		List<AddressBookWriter.Change> changes = new ArrayList<>();
		List<ThreeWayMerge.Merged> sent = new ArrayList<>();
		for (Pending pending : batch.updates) {
			ThreeWayMerge.Merged merged = ThreeWayMerge.merge(pending.base(), pending.entry(),
					pending.current().entry(), pending.row().typed());
			if (merged.entry().equals(pending.current().entry())) {
				batch.written.add(settled(staffId, provider, pending,
						new Written(pending.current(), pending.current().entry(), merged)));
				batch.done.add(pending.row());
				continue;
			}
			sending.add(pending);
			sent.add(merged);
			changes.add(new AddressBookWriter.Change(pending.current(), merged.entry()));
		}
		if (changes.isEmpty()) {
			return true;
		}
		List<AddressBookCopy> results;
		try {
			results = book.update(changes);
		}
		catch (AddressBookException ex) {
			return failedAll(staffId, provider, sending.stream().map(Pending::row).toList(), ex);
		}
		for (int i = 0; i < sending.size(); i++) {
			Pending pending = sending.get(i);
			Written written = (results.get(i) != null)
					? new Written(results.get(i), pending.current().entry(), sent.get(i)) : null;
			try {
				if (written == null) {
					// changed in the address book since: read again and merged
					Optional<AddressBookCopy> now = book.read(pending.current().externalId());
					written = now.isPresent()
							? updateOrMerge(book, now.get(), pending.base(), pending.entry(), pending.row().typed())
							: null;
				}
				if (written == null) {
					store.detach(staffId, provider, pending.row().contactId());
				}
				else {
					batch.written.add(settled(staffId, provider, pending, written));
				}
				batch.done.add(pending.row());
			}
			catch (AddressBookException ex) {
				if (!failed(staffId, provider, pending.row(), ex)) {
					return false;
				}
			}
		}
		return true;
	}

	private boolean failedAll(long staffId, SyncProvider provider, List<WriteBackStore.Row> rows,
			AddressBookException ex) {
		for (WriteBackStore.Row row : rows) {
			if (!failed(staffId, provider, row, ex)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Writes the CRM's values over a copy as last written; if the address book changed it
	 * since (stale etag), reads it again and writes the three-way merge instead, never
	 * the CRM's values over the phone's edit.
	 * @return the copy written, or {@code null} when it was deleted in the address book
	 */
	private Written updateOrMerge(AddressBookWriter.AddressBook book, AddressBookCopy current, AddressBookEntry base,
			AddressBookEntry entry, boolean typed) {
		AddressBookCopy seen = current;
		ThreeWayMerge.Merged merged = ThreeWayMerge.merge(base, entry, current.entry(), typed);
		for (int attempt = 1; attempt <= 3; attempt++) {
			if (merged.entry().equals(seen.entry())) {
				return new Written(seen, seen.entry(), merged);
			}
			try {
				return new Written(book.update(seen, merged.entry()), seen.entry(), merged);
			}
			catch (StaleCopyException ex) {
				Optional<AddressBookCopy> now = book.read(seen.externalId());
				if (now.isEmpty()) {
					return null;
				}
				seen = now.get();
				merged = ThreeWayMerge.merge(base, entry, seen.entry(), typed);
			}
		}
		throw new AddressBookException("write_back_conflict", true, null);
	}

	/**
	 * A write's outcome.
	 *
	 * @param copy the copy after it
	 * @param seen the address book's values it was merged with
	 * @param merged the merge written
	 */
	private record Written(AddressBookCopy copy, AddressBookEntry seen, ThreeWayMerge.Merged merged) {

	}

	/**
	 * What is recorded of a copy written from the CRM's values: the values that lost a
	 * conflict go into the contact's history, and when the copy keeps values the CRM has
	 * not (changed in the address book, or a conflict the address book won) the base of
	 * the next merge is what both agree on, without the etag, so the next read brings
	 * those values into the CRM as changes made there instead of taking them for the
	 * CRM's own write.
	 */
	private WriteBackStore.Written settled(long staffId, SyncProvider provider, Pending pending, Written written) {
		long contactId = pending.row().contactId();
		AddressBookCopy copy = written.copy();
		if (pending.createdByCrm()) {
			recordLosses(contactId, staffId, provider, written.merged().losses(), pending.entry(), written.seen());
			AddressBookEntry agreed = copy.entry().agreedWith(pending.entry());
			if (!agreed.equals(copy.entry())) {
				copy = new AddressBookCopy(copy.externalId(), null, agreed, copy.inOurGroup());
			}
		}
		return new WriteBackStore.Written(contactId, copy, pending.createdByCrm());
	}

	/**
	 * The values that lost a conflict, into the contact's history: a name once (given and
	 * family names as one line), a company; the notes line is the CRM's own.
	 */
	private void recordLosses(long contactId, long staffId, SyncProvider provider, List<ThreeWayMerge.Loss> losses,
			AddressBookEntry crm, AddressBookEntry book) {
		List<LostValues.Loss> kept = new ArrayList<>();
		boolean name = false;
		for (ThreeWayMerge.Loss loss : losses) {
			String hadBy = loss.fromCrm() ? LostValues.CRM : provider.code();
			if (!name && ("givenName".equals(loss.field()) || "familyName".equals(loss.field()))) {
				name = true;
				kept.add(new LostValues.Loss(contactId, "name", (loss.fromCrm() ? crm : book).displayName(), hadBy,
						staffId));
			}
			else if ("company".equals(loss.field())) {
				kept.add(new LostValues.Loss(contactId, "company", loss.value(), hadBy, staffId));
			}
		}
		lostValues.record(kept);
	}

	/** A contact out of scope: out of the group; deleted if ours and unedited there. */
	private void leave(AddressBookWriter.AddressBook book, long staffId, SyncProvider provider,
			WriteBackStore.Copy copy) {
		Optional<AddressBookCopy> now = book.read(copy.externalId());
		if (now.isPresent()) {
			boolean untouched = copy.createdByCrm() && now.get().entry().equals(copy.written())
					&& !book.editedSince(copy.etag(), now.get());
			book.remove(now.get(), untouched);
		}
		store.deleteCopy(staffId, provider, copy.contactId());
	}

	/**
	 * Records a failed row.
	 * @return false when the whole address book must wait
	 */
	private boolean failed(long staffId, SyncProvider provider, WriteBackStore.Row row, AddressBookException ex) {
		if (ex.consentRequired()) {
			store.pause(staffId, provider, ex.code());
			return false;
		}
		int attempt = row.attempts() + 1;
		boolean giveUp = !ex.retryable() || attempt >= properties.maxAttempts();
		Duration wait = Backoff.doubling(attempt, properties.retryBackoff(), properties.maxBackoff());
		store.failed(staffId, provider, row, ex.code(), Instant.now().plus(wait), giveUp);
		log.info("Write-back of a contact to {} failed ({}){}", provider.code(), ex.code(),
				giveUp ? "; shown as failed" : "; retried later");
		return !(ex.retryable() && ex.code().endsWith("_throttled"));
	}

	private void handleOpenFailure(long staffId, SyncProvider provider, AddressBookException ex) {
		if (ex.consentRequired()) {
			store.pause(staffId, provider, ex.code());
		}
		log.info("Write-back: could not open an address book ({}: {})", provider.code(), ex.code());
	}

	private Instant leaseEnd() {
		return Instant.now().plus(properties.lease());
	}

	@Override
	public void start() {
		if (!properties.available()) {
			log.info("Write-back is off for this installation (CRM_WRITE_BACK=off)");
			return;
		}
		workers = Executors.newFixedThreadPool(properties.threads(), (task) -> {
			Thread thread = new Thread(task, "write-back");
			thread.setDaemon(true);
			return thread;
		});
		database = Executors.newFixedThreadPool(properties.threads(), (task) -> {
			Thread thread = new Thread(task, "write-back-database");
			thread.setDaemon(true);
			return thread;
		});
		ticks = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "write-back-tick");
			thread.setDaemon(true);
			return thread;
		});
		long every = properties.tick().toMillis();
		ticks.scheduleWithFixedDelay(this::safeTick, every, every, TimeUnit.MILLISECONDS);
	}

	private void safeTick() {
		try {
			tick();
		}
		catch (RuntimeException ex) {
			log.warn("Write-back tick failed ({}); trying again next tick", ex.getClass().getSimpleName());
		}
	}

	/**
	 * Stops ticking and lets a round under way end (up to {@link #ROUND_END_WAIT}, then
	 * it is interrupted), so that no thread of this node writes once it has stopped: a
	 * node shutting down, or a test's application context paused while another one runs
	 * on the same database (its round, left running, wrote its copies into the next
	 * test's rows and held its claim).
	 */
	@Override
	public void stop() {
		ExecutorService[] pools = { ticks, workers, database };
		ticks = null;
		workers = null;
		database = null;
		if (pools[0] != null) {
			pools[0].shutdownNow();
		}
		for (int i = 1; i < pools.length; i++) {
			if (pools[i] != null) {
				pools[i].shutdown();
			}
		}
		if (!terminated(pools, ROUND_END_WAIT)) {
			for (ExecutorService pool : pools) {
				if (pool != null) {
					pool.shutdownNow();
				}
			}
			if (!terminated(pools, ROUND_END_WAIT)) {
				log.warn("Write-back: a round did not end within {} s of stopping", 2 * ROUND_END_WAIT.toSeconds());
			}
		}
	}

	private static boolean terminated(ExecutorService[] pools, Duration within) {
		long deadline = System.nanoTime() + within.toNanos();
		try {
			for (ExecutorService pool : pools) {
				if (pool != null
						&& !pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
					return false;
				}
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public boolean isRunning() {
		return ticks != null;
	}

}
