package com.whiskeysocket.crm.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An address book in memory, shared by every node of a test (a static instance), standing
 * in for a provider behind the {@link AddressBookWriter} SPI so the outbox can be tested
 * alone: it counts creates per CRM contact, the most writes ever in flight for one staff
 * member, and can lose the answer of a create (the copy is made, the caller sees an
 * error), as a node dying between the create and recording it would.
 */
class MemoryAddressBook implements AddressBookWriter {

	static final MemoryAddressBook BOOK = new MemoryAddressBook();

	final Map<String, Stored> people = new ConcurrentHashMap<>();

	final Map<Long, AtomicInteger> creates = new ConcurrentHashMap<>();

	final Map<Long, AtomicInteger> updates = new ConcurrentHashMap<>();

	final AtomicInteger maxInFlight = new AtomicInteger();

	final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

	/** Contacts whose next create loses its answer. */
	final Map<Long, Boolean> loseAnswer = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	record Stored(String id, Long tag, long version, AddressBookEntry entry, boolean inGroup) {

	}

	void reset() {
		people.clear();
		creates.clear();
		updates.clear();
		maxInFlight.set(0);
		inFlight.clear();
		loseAnswer.clear();
	}

	@Override
	public SyncProvider provider() {
		// a provider with no writer of its own, so this one never collides with Google's
		// or Outlook's; its connection is Google's
		return SyncProvider.WHATSAPP;
	}

	@Override
	public String registrationId() {
		return "google";
	}

	@Override
	public AddressBook open(String username, String group) {
		return new AddressBook() {

			@Override
			public Optional<AddressBookCopy> findByTag(long contactId) {
				return people.values()
					.stream()
					.filter((p) -> Long.valueOf(contactId).equals(p.tag()))
					.findFirst()
					.map(MemoryAddressBook::copy);
			}

			@Override
			public Optional<AddressBookCopy> findByNumber(String e164) {
				return people.values()
					.stream()
					.filter((p) -> p.entry().phones().stream().anyMatch((v) -> v.value().equals(e164)))
					.findFirst()
					.map(MemoryAddressBook::copy);
			}

			@Override
			public Optional<AddressBookCopy> read(String externalId) {
				return Optional.ofNullable(people.get(externalId)).map(MemoryAddressBook::copy);
			}

			@Override
			public List<AddressBookCopy> create(List<NewCopy> entries) {
				return inFlight(username, () -> {
					List<AddressBookCopy> made = new ArrayList<>();
					for (NewCopy entry : entries) {
						String id = "people/c" + ids.incrementAndGet();
						Stored stored = new Stored(id, entry.contactId(), 1, entry.entry(), true);
						people.put(id, stored);
						creates.computeIfAbsent(entry.contactId(), (k) -> new AtomicInteger()).incrementAndGet();
						if (loseAnswer.remove(entry.contactId()) != null) {
							throw new AddressBookException("test_lost_answer", true, null);
						}
						made.add(copy(stored));
					}
					return made;
				});
			}

			@Override
			public AddressBookCopy update(AddressBookCopy current, AddressBookEntry entry) {
				return inFlight(username, () -> {
					Stored stored = people.get(current.externalId());
					if (stored == null || !String.valueOf(stored.version()).equals(current.etag())) {
						throw new StaleCopyException(null);
					}
					Stored updated = new Stored(stored.id(), stored.tag(), stored.version() + 1, entry,
							stored.inGroup());
					people.put(stored.id(), updated);
					if (stored.tag() != null) {
						updates.computeIfAbsent(stored.tag(), (k) -> new AtomicInteger()).incrementAndGet();
					}
					return copy(updated);
				});
			}

			@Override
			public void join(AddressBookCopy copy) {
				Stored stored = people.get(copy.externalId());
				people.put(stored.id(),
						new Stored(stored.id(), stored.tag(), stored.version() + 1, stored.entry(), true));
			}

			@Override
			public void remove(AddressBookCopy copy, boolean delete) {
				if (delete) {
					people.remove(copy.externalId());
				}
				else {
					Stored stored = people.get(copy.externalId());
					people.put(stored.id(),
							new Stored(stored.id(), stored.tag(), stored.version() + 1, stored.entry(), false));
				}
			}

		};
	}

	private <T> T inFlight(String username, java.util.function.Supplier<T> call) {
		AtomicInteger count = inFlight.computeIfAbsent(username, (k) -> new AtomicInteger());
		int now = count.incrementAndGet();
		maxInFlight.accumulateAndGet(now, Math::max);
		try {
			Thread.sleep(2);
			return call.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			count.decrementAndGet();
		}
	}

	static AddressBookCopy copy(Stored stored) {
		return new AddressBookCopy(stored.id(), String.valueOf(stored.version()), stored.entry(), stored.inGroup());
	}

}
