package com.whiskeysocket.crm.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

	private static final int FILL_PAGE = 1000;

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

	private ScheduledExecutorService ticks;

	private ExecutorService workers;

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
			fill(settings.get());
			AddressBookWriter.AddressBook book;
			try {
				book = writer.open(username.get(), properties.group());
			}
			catch (AddressBookException ex) {
				handleOpenFailure(staffId, provider, ex);
				return;
			}
			Instant stop = Instant.now().plus(properties.lease().dividedBy(2));
			while (Instant.now().isBefore(stop)) {
				fill(settings.get());
				List<WriteBackStore.Row> rows = store.due(staffId, provider, properties.batch());
				if (rows.isEmpty()) {
					break;
				}
				if (!write(book, settings.get(), rows)) {
					break;
				}
				if (!store.renew(staffId, provider, node, leaseEnd())) {
					log.warn("Write-back: another node took over an address book ({})", provider.code());
					return;
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Write-back of an address book ({}) stopped ({}); trying again next tick", provider.code(),
					ex.getClass().getSimpleName());
		}
		finally {
			try {
				store.release(staffId, provider, node);
			}
			catch (DataAccessException ex) {
				// the lease expires by itself
			}
		}
	}

	/** The first filling after turning it on, a page of contact ids at a time. */
	private void fill(WriteBackSettings settings) {
		Optional<Long> cursor = store.fillCursor(settings.staffId(), settings.provider());
		if (cursor.isEmpty()) {
			return;
		}
		List<Long> ids = people.ids(settings.allContacts() ? null : settings.staffId(), settings.statuses(),
				cursor.get(), FILL_PAGE);
		store.enqueue(settings.staffId(), settings.provider(), ids, false, Instant.now());
		store.fillCursor(settings.staffId(), settings.provider(),
				(ids.size() < FILL_PAGE) ? null : ids.get(ids.size() - 1));
	}

	/**
	 * Writes one batch of rows.
	 * @return false when the whole address book must wait (consent, throttling)
	 */
	private boolean write(AddressBookWriter.AddressBook book, WriteBackSettings settings,
			List<WriteBackStore.Row> rows) {
		long staffId = settings.staffId();
		SyncProvider provider = settings.provider();
		Map<Long, PersonCard> cards = people.cards(rows.stream().map(WriteBackStore.Row::contactId).toList());
		List<WriteBackStore.Row> creating = new ArrayList<>();
		List<AddressBookWriter.NewCopy> creates = new ArrayList<>();
		for (WriteBackStore.Row row : rows) {
			try {
				PersonCard card = cards.get(row.contactId());
				Optional<WriteBackStore.Copy> copy = store.copy(staffId, provider, row.contactId());
				if (!settings.inScope(card)) {
					copy.filter((c) -> !c.detached()).ifPresent((c) -> leave(book, staffId, provider, c));
					store.done(staffId, provider, row);
					continue;
				}
				AddressBookEntry entry = entries.of(card);
				if (copy.isPresent()) {
					if (!copy.get().detached()) {
						update(book, staffId, provider, row, copy.get().asCopy(), copy.get().written(), entry);
					}
					store.done(staffId, provider, row);
					continue;
				}
				Optional<AddressBookCopy> tagged = book.findByTag(row.contactId());
				if (tagged.isPresent()) {
					// made by a write whose answer was lost: this is our copy
					update(book, staffId, provider, row, tagged.get(), tagged.get().entry(), entry);
					store.done(staffId, provider, row);
					continue;
				}
				Optional<AddressBookCopy> known = findByNumber(book, entry);
				if (known.isPresent()) {
					link(book, staffId, provider, row, known.get(), entry);
					store.done(staffId, provider, row);
					continue;
				}
				creating.add(row);
				creates.add(new AddressBookWriter.NewCopy(row.contactId(), entry));
			}
			catch (AddressBookException ex) {
				if (!failed(staffId, provider, row, ex)) {
					return false;
				}
			}
		}
		if (!creates.isEmpty()) {
			try {
				List<AddressBookCopy> made = book.create(creates);
				for (int i = 0; i < made.size(); i++) {
					store.saveCopy(staffId, provider, creating.get(i).contactId(), made.get(i), true);
					store.done(staffId, provider, creating.get(i));
				}
			}
			catch (AddressBookException ex) {
				for (WriteBackStore.Row row : creating) {
					if (!failed(staffId, provider, row, ex)) {
						return false;
					}
				}
			}
		}
		store.written(staffId, provider);
		return true;
	}

	private Optional<AddressBookCopy> findByNumber(AddressBookWriter.AddressBook book, AddressBookEntry entry) {
		for (AddressBookEntry.Value phone : entry.phones()) {
			Optional<AddressBookCopy> found = book.findByNumber(phone.value());
			if (found.isPresent()) {
				return found;
			}
		}
		return Optional.empty();
	}

	/**
	 * A person the address book already had: into the CRM's group, with only what it
	 * lacks added; nothing typed there is changed.
	 */
	private void link(AddressBookWriter.AddressBook book, long staffId, SyncProvider provider, WriteBackStore.Row row,
			AddressBookCopy known, AddressBookEntry entry) {
		AddressBookEntry wanted = known.entry().plusMissingOf(entry);
		AddressBookCopy linked = known;
		if (!known.inOurGroup()) {
			book.join(known);
		}
		if (!wanted.equals(known.entry())) {
			Written written = updateOrMerge(book, known, known.entry(), wanted, row.typed());
			if (written == null) {
				return;
			}
			linked = written.copy();
		}
		store.saveCopy(staffId, provider, row.contactId(), linked, false);
	}

	private void update(AddressBookWriter.AddressBook book, long staffId, SyncProvider provider, WriteBackStore.Row row,
			AddressBookCopy current, AddressBookEntry base, AddressBookEntry entry) {
		Written written = updateOrMerge(book, current, base, entry, row.typed());
		if (written == null) {
			store.detach(staffId, provider, row.contactId());
			return;
		}
		List<ThreeWayMerge.Loss> losses = written.merged().losses();
		recordLosses(row.contactId(), staffId, provider, losses, entry, written.seen());
		AddressBookCopy copy = written.copy();
		AddressBookEntry agreed = copy.entry().agreedWith(entry);
		if (!agreed.equals(copy.entry())) {
			// the address book has values the CRM has not (changed there, or a conflict
			// the address book won): the base keeps the CRM's, without the etag, so the
			// next read brings them into the CRM as changes made there
			copy = new AddressBookCopy(copy.externalId(), null, agreed, copy.inOurGroup());
		}
		store.saveCopy(staffId, provider, row.contactId(), copy, true);
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
	 * Writes the CRM's values over a copy as last written; if the address book changed it
	 * since (stale etag), reads it again and writes the three-way merge instead, never
	 * the CRM's values over the phone's edit.
	 * @return the copy written, or {@code null} when it was deleted in the address book
	 */
	private Written updateOrMerge(AddressBookWriter.AddressBook book, AddressBookCopy current, AddressBookEntry base,
			AddressBookEntry entry, boolean typed) {
		AddressBookCopy seen = current;
		if (seen.etag() == null) {
			// a base kept without its etag: the copy as it is now
			Optional<AddressBookCopy> now = book.read(seen.externalId());
			if (now.isEmpty()) {
				return null;
			}
			seen = now.get();
		}
		ThreeWayMerge.Merged merged = ThreeWayMerge.merge(base, entry, seen.entry(), typed);
		for (int attempt = 1; attempt <= 3; attempt++) {
			AddressBookEntry wanted = merged.entry();
			if (wanted.equals(seen.entry())) {
				return new Written(seen, seen.entry(), merged);
			}
			try {
				return new Written(book.update(seen, wanted), seen.entry(), merged);
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

	@Override
	public void stop() {
		if (ticks != null) {
			ticks.shutdownNow();
			ticks = null;
		}
		if (workers != null) {
			workers.shutdownNow();
			workers = null;
		}
	}

	@Override
	public boolean isRunning() {
		return ticks != null;
	}

}
