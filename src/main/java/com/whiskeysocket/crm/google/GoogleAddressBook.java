package com.whiskeysocket.crm.google;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.whiskeysocket.crm.connections.ConnectionException;
import com.whiskeysocket.crm.sync.AddressBookCopy;
import com.whiskeysocket.crm.sync.AddressBookEntry;
import com.whiskeysocket.crm.sync.AddressBookException;
import com.whiskeysocket.crm.sync.AddressBookWriter;
import com.whiskeysocket.crm.sync.StaleCopyException;
import com.whiskeysocket.crm.sync.SyncProvider;

import org.springframework.stereotype.Component;

/**
 * Google's write side: CRM contacts saved into a staff member's Google Contacts, in the
 * contact group named by {@code CRM_WRITE_BACK_GROUP} (made if missing). Each copy the
 * CRM creates carries the contact's id in its {@code clientData}, so a create whose
 * answer was lost is found among the group's members rather than made again; before
 * creating, the person is searched by number ({@code people:searchContacts}, after the
 * warm-up Google asks for), or, for many contacts at once, the account's contacts are
 * listed once and matched here. Creates go 200 to a {@code people:batchCreateContacts},
 * updates 200 to a {@code people:batchUpdateContacts}; updates carry the etag, and a
 * stale one is reported for the caller to re-read and merge. The worker calls one address
 * book from one thread, so a user's mutations go one at a time as Google asks.
 */
@Component
class GoogleAddressBook implements AddressBookWriter {

	/** The {@code clientData} key of the CRM's tag. */
	static final String TAG = "whiskeysocketCrmContactId";

	private static final int BATCH = 200;

	private static final int MAX_MEMBERS = 100_000;

	/**
	 * A batch create or update costs 6 critical reads and 6 critical writes of the
	 * per-user quota, a single update 1 and 1 (developers.google.com/people/v1/contacts):
	 * fewer updates than this go one by one.
	 */
	private static final int BATCH_COST = 6;

	/**
	 * From this many numbers at once, the account's contacts are listed once (1,000 a
	 * read) and matched here instead of one {@code searchContacts} a number.
	 */
	private static final int BULK_LOOKUP = 10;

	private final PeopleClient people;

	private final java.time.Duration roundInterval;

	GoogleAddressBook(PeopleClient people, GoogleProperties properties) {
		this.people = people;
		this.roundInterval = properties.writeRoundInterval();
	}

	@Override
	public SyncProvider provider() {
		return SyncProvider.GOOGLE;
	}

	@Override
	public String registrationId() {
		return GoogleProperties.REGISTRATION_ID;
	}

	/** {@link GoogleProperties#writeRoundInterval()}: 5 s unless set. */
	@Override
	public java.time.Duration roundInterval() {
		return roundInterval;
	}

	@Override
	public AddressBook open(String username, String group) {
		String groupName = call(() -> people.contactGroups(username)
			.stream()
			.filter((g) -> "USER_CONTACT_GROUP".equals(g.groupType()) && group.equals(g.name()))
			.map(PeopleModel.ContactGroup::resourceName)
			.findFirst()
			.orElseGet(() -> people.createContactGroup(username, group).resourceName()));
		return new Book(username, groupName);
	}

	/** One staff member's Google Contacts for one batch of writes. */
	private final class Book implements AddressBook {

		private final String username;

		private final String group;

		private Map<Long, String> tagged;

		private boolean warm;

		private Map<String, PeopleModel.Contact> byNumber;

		private List<PeopleModel.Contact> all;

		/**
		 * People a refused batch update has just read again ({@code people:batchGet}) and
		 * found changed, until {@link #read} hands each out once: the caller reads every
		 * such person to merge it, and one batch read costs Google's per-user quota one
		 * request where reading them one by one cost one each (hundreds a round could
		 * stall a round for minutes at 90 a minute). Emptied at every batch update, so
		 * nothing read here is served in a later round; an etag read here that is stale
		 * by the time it is written is refused by Google and read again.
		 */
		private final Map<String, Optional<PeopleModel.Contact>> readAgain = new HashMap<>();

		Book(String username, String group) {
			this.username = username;
			this.group = group;
		}

		@Override
		public Optional<AddressBookCopy> findByTag(long contactId) {
			if (tagged == null) {
				tagged = call(this::readTags);
			}
			String resourceName = tagged.get(contactId);
			return (resourceName != null) ? read(resourceName) : Optional.empty();
		}

		/**
		 * Every member of the group that carries the CRM's tag, by contact id. A big
		 * group is read through the account's listing (1,000 people a read, shared with
		 * the number matching) rather than 200 members a {@code people:batchGet}: each
		 * read spends the per-user quota the writes wait for.
		 */
		private Map<Long, String> readTags() {
			Map<Long, String> tags = new HashMap<>();
			PeopleModel.ContactGroup members = people.contactGroup(username, group, MAX_MEMBERS);
			List<String> names = (members.memberResourceNames() != null) ? members.memberResourceNames() : List.of();
			if (names.size() > BATCH) {
				java.util.Set<String> inGroup = new java.util.HashSet<>(names);
				for (PeopleModel.Contact person : all()) {
					if (inGroup.contains(person.resourceName())) {
						tag(person).ifPresent((id) -> tags.put(id, person.resourceName()));
					}
				}
				return tags;
			}
			for (int from = 0; from < names.size(); from += BATCH) {
				for (PeopleModel.Contact person : people.batchGet(username,
						names.subList(from, Math.min(from + BATCH, names.size())))) {
					tag(person).ifPresent((id) -> tags.put(id, person.resourceName()));
				}
			}
			return tags;
		}

		/** The account's contacts, read once for this batch of writes. */
		private List<PeopleModel.Contact> all() {
			if (all == null) {
				all = people.allContacts(username);
			}
			return all;
		}

		@Override
		public Optional<AddressBookCopy> findByNumber(String e164) {
			return call(() -> {
				if (!warm) {
					people.searchContacts(username, "");
					warm = true;
				}
				String digits = digits(e164);
				return people.searchContacts(username, e164)
					.stream()
					.filter((person) -> person.phoneNumbers() != null && person.phoneNumbers()
						.stream()
						.anyMatch((phone) -> digits.equals(digits(phone.canonicalForm()))
								|| digits.equals(digits(phone.value()))))
					.findFirst()
					.map(this::copy);
			});
		}

		/**
		 * Many numbers at once (a first filling): the account's contacts are read once,
		 * 1,000 a request, and matched by their digits (the number as typed and Google's
		 * canonical form). A few numbers are searched one by one as before.
		 */
		@Override
		public Map<String, AddressBookCopy> findByNumbers(java.util.Collection<String> e164s) {
			if (e164s.size() < BULK_LOOKUP && byNumber == null) {
				return AddressBook.super.findByNumbers(e164s);
			}
			if (byNumber == null) {
				byNumber = call(this::indexByNumber);
			}
			Map<String, AddressBookCopy> found = new HashMap<>();
			for (String e164 : e164s) {
				PeopleModel.Contact person = byNumber.get(digits(e164));
				if (person != null) {
					found.put(e164, copy(person));
				}
			}
			return found;
		}

		private Map<String, PeopleModel.Contact> indexByNumber() {
			Map<String, PeopleModel.Contact> index = new HashMap<>();
			for (PeopleModel.Contact person : all()) {
				if (person.phoneNumbers() != null) {
					for (PeopleModel.PhoneNumber phone : person.phoneNumbers()) {
						for (String number : new String[] { phone.canonicalForm(), phone.value() }) {
							String digits = digits(number);
							if (!digits.isEmpty()) {
								index.putIfAbsent(digits, person);
							}
						}
					}
				}
			}
			return index;
		}

		@Override
		public Optional<AddressBookCopy> read(String externalId) {
			Optional<PeopleModel.Contact> justRead = readAgain.remove(externalId);
			if (justRead != null) {
				return justRead.map(this::copy);
			}
			return call(() -> people.contact(username, externalId).map(this::copy));
		}

		@Override
		public List<AddressBookCopy> create(List<NewCopy> entries) {
			List<AddressBookCopy> made = new ArrayList<>();
			for (int from = 0; from < entries.size(); from += BATCH) {
				List<PeopleModel.Contact> batch = entries.subList(from, Math.min(from + BATCH, entries.size()))
					.stream()
					.map((entry) -> contact(null, null, entry.entry(),
							List.of(new PeopleModel.ClientData(TAG, String.valueOf(entry.contactId()))),
							List.of(new PeopleModel.Membership(new PeopleModel.ContactGroupMembership(group)))))
					.toList();
				call(() -> people.batchCreateContacts(username, batch)).forEach((person) -> made.add(copy(person)));
			}
			return made;
		}

		@Override
		public AddressBookCopy update(AddressBookCopy current, AddressBookEntry entry) {
			try {
				return call(() -> copy(people.updateContact(username,
						contact(current.externalId(), current.etag(), entry, null, null))));
			}
			catch (AddressBookException ex) {
				if (PeopleClient.STALE_ETAG.equals(ex.code())) {
					throw new StaleCopyException(ex);
				}
				if (PeopleClient.NOT_FOUND.equals(ex.code())) {
					throw new StaleCopyException(ex);
				}
				throw ex;
			}
		}

		/**
		 * Up to 200 a {@code people:batchUpdateContacts}, sent one after another. Google
		 * refuses the whole call when one etag is stale and names it only in its error
		 * details, so the people of a refused call are read again at once
		 * ({@code people:batchGet}): those still at the etag sent go again in one more
		 * call, the changed ones are answered {@code null} for the caller to merge.
		 */
		@Override
		public List<AddressBookCopy> update(List<Change> changes) {
			long distinct = changes.stream().map((change) -> change.current().externalId()).distinct().count();
			if (changes.size() < BATCH_COST || distinct < changes.size()) {
				return AddressBook.super.update(changes);
			}
			List<AddressBookCopy> written = new ArrayList<>(java.util.Collections.nCopies(changes.size(), null));
			readAgain.clear();
			for (int from = 0; from < changes.size(); from += BATCH) {
				List<Integer> chunk = new ArrayList<>();
				for (int i = from; i < Math.min(from + BATCH, changes.size()); i++) {
					chunk.add(i);
				}
				updateChunk(changes, chunk, written, true);
			}
			return written;
		}

		private void updateChunk(List<Change> changes, List<Integer> chunk, List<AddressBookCopy> written,
				boolean again) {
			List<PeopleModel.Contact> batch = chunk.stream()
				.map(changes::get)
				.map((change) -> contact(change.current().externalId(), change.current().etag(), change.entry(), null,
						null))
				.toList();
			try {
				Map<String, PeopleModel.Contact> updated = call(() -> people.batchUpdateContacts(username, batch));
				for (int i : chunk) {
					written.set(i, copy(updated.get(changes.get(i).current().externalId())));
				}
			}
			catch (AddressBookException ex) {
				if (!PeopleClient.STALE_ETAG.equals(ex.code())) {
					throw ex;
				}
				Map<String, PeopleModel.Contact> now = new HashMap<>();
				call(() -> people.batchGet(username,
						chunk.stream().map((i) -> changes.get(i).current().externalId()).toList()))
					.forEach((person) -> now.put(person.resourceName(), person));
				List<Integer> unchanged = new ArrayList<>();
				for (int i : chunk) {
					String name = changes.get(i).current().externalId();
					PeopleModel.Contact person = now.get(name);
					if (person != null && Objects.equals(person.etag(), changes.get(i).current().etag())) {
						unchanged.add(i);
					}
					else {
						// changed or deleted there: the caller reads it to merge
						readAgain.put(name, Optional.ofNullable(person));
					}
				}
				if (again && !unchanged.isEmpty() && unchanged.size() < chunk.size()) {
					updateChunk(changes, unchanged, written, false);
				}
			}
		}

		@Override
		public void join(AddressBookCopy copy) {
			call(() -> {
				people.modifyMembers(username, group, List.of(copy.externalId()), List.of());
				return null;
			});
		}

		@Override
		public void remove(AddressBookCopy copy, boolean delete) {
			call(() -> {
				if (delete) {
					people.deleteContact(username, copy.externalId());
				}
				else {
					people.modifyMembers(username, group, List.of(), List.of(copy.externalId()));
				}
				return null;
			});
		}

		private AddressBookCopy copy(PeopleModel.Contact person) {
			boolean inGroup = person.memberships() != null && person.memberships()
				.stream()
				.anyMatch((m) -> m.contactGroupMembership() != null
						&& group.equals(m.contactGroupMembership().contactGroupResourceName()));
			return new AddressBookCopy(person.resourceName(), person.etag(), entry(person), inGroup);
		}

	}

	/** The CRM's values as Google's person JSON. */
	static PeopleModel.Contact contact(String resourceName, String etag, AddressBookEntry entry,
			List<PeopleModel.ClientData> clientData, List<PeopleModel.Membership> memberships) {
		List<PeopleModel.Name> names = (entry.givenName() == null && entry.familyName() == null) ? List.of()
				: List.of(new PeopleModel.Name(null, null, entry.givenName(), entry.familyName()));
		return new PeopleModel.Contact(resourceName, etag, names,
				entry.phones()
					.stream()
					.map((phone) -> new PeopleModel.PhoneNumber(null, phone.value(), null, phone.label()))
					.toList(),
				entry.emails()
					.stream()
					.map((email) -> new PeopleModel.EmailAddress(null, email.value(), email.label(), null))
					.toList(),
				(entry.company() != null) ? List.of(new PeopleModel.Organization(null, entry.company())) : List.of(),
				(entry.note() != null) ? List.of(new PeopleModel.Biography(entry.note(), "TEXT_PLAIN")) : List.of(),
				clientData, memberships);
	}

	/** Google's person as the write-back compares it with what it wrote. */
	static AddressBookEntry entry(PeopleModel.Contact person) {
		PeopleModel.Name name = (person.names() != null && !person.names().isEmpty()) ? person.names().get(0) : null;
		List<AddressBookEntry.Value> phones = new ArrayList<>();
		if (person.phoneNumbers() != null) {
			for (PeopleModel.PhoneNumber phone : person.phoneNumbers()) {
				String value = (phone.canonicalForm() != null && !phone.canonicalForm().isBlank())
						? phone.canonicalForm() : phone.value();
				if (value != null) {
					phones.add(new AddressBookEntry.Value(value, phone.type()));
				}
			}
		}
		List<AddressBookEntry.Value> emails = new ArrayList<>();
		if (person.emailAddresses() != null) {
			for (PeopleModel.EmailAddress email : person.emailAddresses()) {
				if (email.value() != null) {
					emails.add(new AddressBookEntry.Value(email.value(), email.type()));
				}
			}
		}
		String company = (person.organizations() != null) ? person.organizations()
			.stream()
			.map(PeopleModel.Organization::name)
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null) : null;
		String note = (person.biographies() != null && !person.biographies().isEmpty())
				? person.biographies().get(0).value() : null;
		return new AddressBookEntry((name != null) ? name.givenName() : null, (name != null) ? name.familyName() : null,
				company, phones, emails, note);
	}

	/**
	 * The fields a sync reads ({@link PeopleModel#PERSON_FIELDS}) as the write-back
	 * compares them: no notes.
	 */
	static AddressBookEntry readFields(PeopleModel.Person person) {
		return entry(new PeopleModel.Contact(person.resourceName(), person.etag(), person.names(),
				person.phoneNumbers(), person.emailAddresses(), person.organizations(), null, null, null));
	}

	static Optional<Long> tag(PeopleModel.Contact person) {
		if (person.clientData() == null) {
			return Optional.empty();
		}
		return person.clientData().stream().filter((data) -> TAG.equals(data.key())).map((data) -> {
			try {
				return Long.valueOf(data.value());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}).filter(Objects::nonNull).findFirst();
	}

	private static String digits(String number) {
		return (number != null) ? number.replaceAll("[^0-9]", "") : "";
	}

	/** A People API call, its failure as the write SPI's. */
	private static <T> T call(java.util.function.Supplier<T> request) {
		try {
			return request.get();
		}
		catch (GoogleException ex) {
			String code = ex.code();
			if (PeopleClient.SCOPE_INSUFFICIENT.equals(code)) {
				throw new AddressBookException(AddressBookException.CONSENT_REQUIRED, false, ex);
			}
			boolean retryable = code.equals("google_throttled") || code.equals("google_timeout")
					|| code.startsWith("google_http_5") || code.equals("google_incomplete_answer");
			throw new AddressBookException(code, retryable, ex);
		}
		catch (ConnectionException ex) {
			boolean reconnect = ex.reason() == ConnectionException.Reason.REAUTHORIZATION_REQUIRED
					|| ex.reason() == ConnectionException.Reason.NOT_CONNECTED;
			throw new AddressBookException(reconnect ? AddressBookException.CONSENT_REQUIRED : "google_unavailable",
					!reconnect, ex);
		}
	}

}
