package com.whiskeysocket.crm.outlook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import com.whiskeysocket.crm.connections.ConnectionException;
import com.whiskeysocket.crm.sync.AddressBookCopy;
import com.whiskeysocket.crm.sync.AddressBookEntry;
import com.whiskeysocket.crm.sync.AddressBookException;
import com.whiskeysocket.crm.sync.AddressBookWriter;
import com.whiskeysocket.crm.sync.StaleCopyException;
import com.whiskeysocket.crm.sync.SyncProvider;

import org.springframework.stereotype.Component;

/**
 * Outlook's write side: CRM contacts saved into a staff member's mailbox, in the contact
 * folder named by {@code CRM_WRITE_BACK_GROUP} below the default Contacts folder (made if
 * missing). Each copy the CRM creates carries the contact's id in a single-value extended
 * property ({@link GraphClient#TAG_PROPERTY}), so a create whose answer was lost is found
 * among the folder's contacts rather than made again; before creating, the default folder
 * is searched for the number as a mobile, business or home number (exact text, see
 * {@link GraphClient#contactsWithNumber}; where Graph refuses that filter, a listing of
 * the folder matched by digits), or, for many contacts at once, listed once and matched
 * on all its numbers. Several creates or updates go as sequential JSON batches of up to
 * 20, four at once ({@link GraphClient#batch}); an update sends only the fields that
 * change, with the changeKey as {@code If-Match}, a stale one reported for the caller to
 * re-read and merge.
 *
 * <p>
 * Outlook keeps one mobile, two business and two home numbers and three emails; numbers
 * beyond that are not written. A person cannot be in two folders, so
 * {@link AddressBook#join} leaves one found by number where it is, and a copy that only
 * leaves the CRM's scope stays in the folder (Graph cannot move a contact).
 */
@Component
class OutlookAddressBook implements AddressBookWriter {

	private static final int MAX_BUSINESS = 2;

	private static final int MAX_HOME = 2;

	private static final int MAX_EMAILS = 3;

	/**
	 * From this many numbers at once, the default folder is listed once (1,000 a request)
	 * and matched here instead of one {@code $filter} a number.
	 */
	private static final int BULK_LOOKUP = 10;

	private static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json", "Prefer",
			"IdType=\"ImmutableId\"");

	private final GraphClient graph;

	OutlookAddressBook(GraphClient graph) {
		this.graph = graph;
	}

	@Override
	public SyncProvider provider() {
		return SyncProvider.OUTLOOK;
	}

	@Override
	public String registrationId() {
		return OutlookProperties.REGISTRATION_ID;
	}

	/**
	 * Five times the configured round (1,000 rows by default): a round goes as sequential
	 * batches of up to 20, four at once ({@link GraphClient#batch}), and its last batches
	 * leave slots idle until the next round starts; at 200 rows that cost 50–65 ms a
	 * round against Graph's 1,000 ms. An edit made during a first filling waits for at
	 * most one such round (about 5 s at Outlook's pace).
	 */
	@Override
	public int roundSize(int batch) {
		return 5 * batch;
	}

	@Override
	public AddressBook open(String username, String group) {
		Optional<String> found = call(() -> graph.topFolders(username)
			.stream()
			.filter((folder) -> group.equals(folder.displayName()))
			.map(GraphModel.Folder::id)
			.findFirst());
		if (found.isPresent()) {
			return new Book(username, found.get(), false);
		}
		// a folder made now holds no tagged copy: its listing is not read
		return new Book(username, call(() -> graph.createContactFolder(username, group).id()), true);
	}

	/** One staff member's Outlook contacts for one batch of writes. */
	private final class Book implements AddressBook {

		private final String username;

		private final String folderId;

		private Map<Long, String> tagged;

		private Map<String, GraphModel.BookContact> byNumber;

		/**
		 * Graph refused the lambda on the phone collections: this batch matches numbers
		 * against a listing of the default folder instead.
		 */
		private boolean phoneFiltersRefused;

		Book(String username, String folderId, boolean made) {
			this.username = username;
			this.folderId = folderId;
			this.tagged = made ? new HashMap<>() : null;
		}

		@Override
		public Optional<AddressBookCopy> findByTag(long contactId) {
			if (tagged == null) {
				tagged = call(this::readTags);
			}
			String id = tagged.get(contactId);
			return (id != null) ? read(id) : Optional.empty();
		}

		/** Every contact of the folder that carries the CRM's tag, by contact id. */
		private Map<Long, String> readTags() {
			Map<Long, String> tags = new HashMap<>();
			for (GraphModel.BookContact contact : graph.folderContacts(username, folderId)) {
				tag(contact).ifPresent((id) -> tags.put(id, contact.id()));
			}
			return tags;
		}

		/**
		 * One number: a {@code $filter} on the mobile, business and home numbers; where
		 * Graph refuses that filter, the default folder listed once and matched by
		 * digits.
		 */
		@Override
		public Optional<AddressBookCopy> findByNumber(String e164) {
			String digits = digits(e164);
			if (!phoneFiltersRefused) {
				try {
					return call(() -> graph.contactsWithNumber(username, e164)
						.stream()
						.filter((contact) -> numbersOf(contact).contains(digits))
						.findFirst()
						.map(this::copy));
				}
				catch (AddressBookException ex) {
					if (!(ex.getCause() instanceof GraphException graphFailure)
							|| !"graph_http_400".equals(graphFailure.code())) {
						throw ex;
					}
					phoneFiltersRefused = true;
				}
			}
			return Optional.ofNullable(listed().get(digits)).map(this::copy);
		}

		/**
		 * Many numbers at once (a first filling): the default folder is read once, 1,000
		 * a request, and matched by digits on its mobile, business and home numbers. A
		 * few numbers are looked up one by one as before (mobile only).
		 */
		@Override
		public Map<String, AddressBookCopy> findByNumbers(java.util.Collection<String> e164s) {
			if (e164s.size() < BULK_LOOKUP && byNumber == null) {
				return AddressBook.super.findByNumbers(e164s);
			}
			Map<String, GraphModel.BookContact> listed = listed();
			Map<String, AddressBookCopy> found = new HashMap<>();
			for (String e164 : e164s) {
				GraphModel.BookContact contact = listed.get(digits(e164));
				if (contact != null) {
					found.put(e164, copy(contact));
				}
			}
			return found;
		}

		/**
		 * The default folder's contacts by the digits of each of their numbers, read once
		 * for this batch.
		 */
		private Map<String, GraphModel.BookContact> listed() {
			if (byNumber == null) {
				Map<String, GraphModel.BookContact> numbers = new HashMap<>();
				for (GraphModel.BookContact contact : call(() -> graph.defaultFolderContacts(username))) {
					numbersOf(contact).forEach((digits) -> numbers.putIfAbsent(digits, contact));
				}
				byNumber = numbers;
			}
			return byNumber;
		}

		@Override
		public Optional<AddressBookCopy> read(String externalId) {
			return call(() -> graph.contact(username, externalId).map(this::copy));
		}

		/**
		 * Several at once go as JSON batches of up to 20 ({@link GraphClient#batch}). A
		 * create refused for good fails the whole call after the others were made: those
		 * are found by their tag when the rows are tried again.
		 */
		@Override
		public List<AddressBookCopy> create(List<NewCopy> entries) {
			if (entries.size() == 1) {
				NewCopy entry = entries.get(0);
				GraphModel.BookContact created = call(
						() -> graph.createContact(username, folderId, values(entry.entry(), tag(entry.contactId()))));
				remember(entry.contactId(), created);
				return List.of(copy(created));
			}
			List<GraphModel.BatchPart> parts = entries.stream()
				.map((entry) -> new GraphModel.BatchPart(null, "POST",
						"/me/contactFolders/" + segment(folderId) + "/contacts", JSON_HEADERS,
						values(entry.entry(), tag(entry.contactId()))))
				.toList();
			List<GraphModel.BatchAnswer> answers = call(() -> graph.batch(username, parts));
			List<AddressBookCopy> made = new ArrayList<>();
			AddressBookException refused = null;
			for (int i = 0; i < entries.size(); i++) {
				GraphModel.BatchAnswer answer = answers.get(i);
				if (!answer.ok()) {
					refused = (refused != null) ? refused : failure(answer);
					continue;
				}
				GraphModel.BookContact created = graph.bookContact(answer);
				remember(entries.get(i).contactId(), created);
				made.add(copy(created));
			}
			if (refused != null) {
				throw refused;
			}
			return made;
		}

		private void remember(long contactId, GraphModel.BookContact created) {
			if (tagged != null) {
				tagged.put(contactId, created.id());
			}
		}

		/**
		 * Several at once go as JSON batches of up to 20, each PATCH with its changeKey
		 * as {@code If-Match}: one answered 412 (changed since) or 404 (deleted) is
		 * answered {@code null} for the caller to read again and merge, and so is one
		 * refused otherwise (the caller's single update then names its error); a 403 is
		 * the write consent gone for all.
		 */
		@Override
		public List<AddressBookCopy> update(List<Change> changes) {
			if (changes.size() == 1) {
				return AddressBook.super.update(changes);
			}
			List<AddressBookCopy> written = new ArrayList<>(java.util.Collections.nCopies(changes.size(), null));
			List<Integer> sent = new ArrayList<>();
			List<GraphModel.BatchPart> parts = new ArrayList<>();
			for (int i = 0; i < changes.size(); i++) {
				Change change = changes.get(i);
				GraphModel.ContactValues values = changes(values(change.current().entry(), null),
						values(change.entry(), null));
				if (values.isEmpty()) {
					written.set(i, change.current());
					continue;
				}
				Map<String, String> headers = new java.util.LinkedHashMap<>(JSON_HEADERS);
				if (change.current().etag() != null) {
					headers.put("If-Match", "W/\"" + change.current().etag() + "\"");
				}
				sent.add(i);
				parts.add(new GraphModel.BatchPart(null, "PATCH",
						"/me/contacts/" + segment(change.current().externalId()), headers, values));
			}
			if (parts.isEmpty()) {
				return written;
			}
			List<GraphModel.BatchAnswer> answers = call(() -> graph.batch(username, parts));
			for (int k = 0; k < sent.size(); k++) {
				GraphModel.BatchAnswer answer = answers.get(k);
				if (answer.ok()) {
					written.set(sent.get(k), copy(graph.bookContact(answer)));
				}
				else if (answer.status() == 403 || answer.status() == 429) {
					throw failure(answer);
				}
			}
			return written;
		}

		@Override
		public AddressBookCopy update(AddressBookCopy current, AddressBookEntry entry) {
			GraphModel.ContactValues change = changes(values(current.entry(), null), values(entry, null));
			if (change.isEmpty()) {
				return current;
			}
			try {
				return call(() -> copy(graph.updateContact(username, current.externalId(), current.etag(), change)));
			}
			catch (AddressBookException ex) {
				// changed since (412) or deleted (404): the caller re-reads and merges
				if ("graph_http_412".equals(ex.code()) || "graph_http_404".equals(ex.code())) {
					throw new StaleCopyException(ex);
				}
				throw ex;
			}
		}

		@Override
		public void join(AddressBookCopy copy) {
			// a contact is in one folder only, and Graph cannot move it: it stays where
			// the staff member keeps it
		}

		@Override
		public void remove(AddressBookCopy copy, boolean delete) {
			if (delete) {
				call(() -> {
					graph.deleteContact(username, copy.externalId());
					return null;
				});
			}
		}

		/**
		 * Outlook changes the changeKey on every edit, of any field: one that is not the
		 * changeKey the CRM's write answered means someone edited the copy.
		 */
		@Override
		public boolean editedSince(String writtenEtag, AddressBookCopy now) {
			return !Objects.equals(writtenEtag, now.etag());
		}

		private AddressBookCopy copy(GraphModel.BookContact contact) {
			return new AddressBookCopy(contact.id(), contact.changeKey(), entry(contact),
					folderId.equals(contact.parentFolderId()));
		}

	}

	/**
	 * The CRM's values in Outlook's fields: the first mobile number (or else the first
	 * number without a place) as {@code mobilePhone}, work numbers as business ones, home
	 * numbers as home ones, the rest where room is left.
	 */
	static GraphModel.ContactValues values(AddressBookEntry entry, List<GraphModel.ExtendedProperty> tag) {
		String mobile = null;
		List<String> business = new ArrayList<>();
		List<String> home = new ArrayList<>();
		List<String> other = new ArrayList<>();
		for (AddressBookEntry.Value phone : entry.phones()) {
			String label = (phone.label() != null) ? phone.label().toLowerCase(java.util.Locale.ROOT) : "";
			if (label.equals("mobile") && mobile == null) {
				mobile = phone.value();
			}
			else if (label.equals("work") && business.size() < MAX_BUSINESS) {
				business.add(phone.value());
			}
			else if (label.equals("home") && home.size() < MAX_HOME) {
				home.add(phone.value());
			}
			else {
				other.add(phone.value());
			}
		}
		for (String phone : other) {
			if (mobile == null) {
				mobile = phone;
			}
			else if (business.size() < MAX_BUSINESS) {
				business.add(phone);
			}
			else if (home.size() < MAX_HOME) {
				home.add(phone);
			}
		}
		List<GraphModel.EmailAddress> emails = entry.emails()
			.stream()
			.limit(MAX_EMAILS)
			.map((email) -> new GraphModel.EmailAddress(email.value(), email.value()))
			.toList();
		return new GraphModel.ContactValues(entry.givenName(), entry.familyName(), entry.company(), mobile, business,
				home, emails, entry.note(), tag);
	}

	/**
	 * Only what differs from the contact as it is: a PATCH leaves every other field as
	 * the staff member has it. A value the CRM no longer has is not cleared there.
	 */
	static GraphModel.ContactValues changes(GraphModel.ContactValues now, GraphModel.ContactValues wanted) {
		return new GraphModel.ContactValues(changed(now.givenName(), wanted.givenName()),
				changed(now.surname(), wanted.surname()), changed(now.companyName(), wanted.companyName()),
				changed(now.mobilePhone(), wanted.mobilePhone()),
				changed(now.businessPhones(), wanted.businessPhones()), changed(now.homePhones(), wanted.homePhones()),
				changedEmails(now.emailAddresses(), wanted.emailAddresses()),
				changed(now.personalNotes(), wanted.personalNotes()), null);
	}

	private static <T> T changed(T now, T wanted) {
		return (wanted == null || Objects.equals(now, wanted)) ? null : wanted;
	}

	private static List<GraphModel.EmailAddress> changedEmails(List<GraphModel.EmailAddress> now,
			List<GraphModel.EmailAddress> wanted) {
		List<String> before = now.stream().map(GraphModel.EmailAddress::address).toList();
		List<String> after = wanted.stream().map(GraphModel.EmailAddress::address).toList();
		return before.equals(after) ? null : wanted;
	}

	/** Outlook's contact as the write-back compares it with what it wrote. */
	static AddressBookEntry entry(GraphModel.BookContact contact) {
		return entry(contact.givenName(), contact.surname(), contact.companyName(), contact.mobilePhone(),
				contact.businessPhones(), contact.homePhones(), contact.emailAddresses(), contact.personalNotes());
	}

	/**
	 * The fields a sync reads ({@link GraphModel#CONTACT_FIELDS}) as the write-back
	 * compares them: no notes.
	 */
	static AddressBookEntry readFields(GraphModel.Contact contact) {
		return entry(contact.givenName(), contact.surname(), contact.companyName(), contact.mobilePhone(),
				contact.businessPhones(), contact.homePhones(), contact.emailAddresses(), null);
	}

	private static AddressBookEntry entry(String givenName, String surname, String company, String mobile,
			List<String> business, List<String> home, List<GraphModel.EmailAddress> emailAddresses, String note) {
		List<AddressBookEntry.Value> phones = new ArrayList<>();
		if (mobile != null && !mobile.isBlank()) {
			phones.add(new AddressBookEntry.Value(mobile, "mobile"));
		}
		addAll(phones, business, "work");
		addAll(phones, home, "home");
		List<AddressBookEntry.Value> emails = new ArrayList<>();
		if (emailAddresses != null) {
			for (GraphModel.EmailAddress email : emailAddresses) {
				if (email.address() != null && !email.address().isBlank()) {
					emails.add(new AddressBookEntry.Value(email.address(), null));
				}
			}
		}
		return new AddressBookEntry(givenName, surname, company, phones, emails, note);
	}

	private static void addAll(List<AddressBookEntry.Value> phones, List<String> numbers, String label) {
		if (numbers != null) {
			numbers.stream()
				.filter((number) -> number != null && !number.isBlank())
				.forEach((number) -> phones.add(new AddressBookEntry.Value(number, label)));
		}
	}

	static Optional<Long> tag(GraphModel.BookContact contact) {
		if (contact.singleValueExtendedProperties() == null) {
			return Optional.empty();
		}
		return contact.singleValueExtendedProperties()
			.stream()
			.filter((property) -> GraphClient.TAG_PROPERTY.equalsIgnoreCase(property.id()))
			.map((property) -> {
				try {
					return Long.valueOf(property.value());
				}
				catch (NumberFormatException ex) {
					return null;
				}
			})
			.filter(Objects::nonNull)
			.findFirst();
	}

	private static List<GraphModel.ExtendedProperty> tag(long contactId) {
		return List.of(new GraphModel.ExtendedProperty(GraphClient.TAG_PROPERTY, String.valueOf(contactId)));
	}

	private static String segment(String id) {
		return org.springframework.web.util.UriUtils.encodePathSegment(id, java.nio.charset.StandardCharsets.UTF_8);
	}

	/** A request of a batch refused, as the write SPI's failure (as {@link #call}). */
	private static AddressBookException failure(GraphModel.BatchAnswer answer) {
		int status = answer.status();
		if (status == 403) {
			return new AddressBookException(AddressBookException.CONSENT_REQUIRED, false, null);
		}
		if (status == 429) {
			return new AddressBookException("graph_throttled", true, null);
		}
		return new AddressBookException("graph_http_" + status, status >= 500, null);
	}

	/** The digits of a contact's mobile, business and home numbers. */
	private static List<String> numbersOf(GraphModel.BookContact contact) {
		List<String> numbers = new ArrayList<>();
		numbers.add(contact.mobilePhone());
		if (contact.businessPhones() != null) {
			numbers.addAll(contact.businessPhones());
		}
		if (contact.homePhones() != null) {
			numbers.addAll(contact.homePhones());
		}
		return numbers.stream().map(OutlookAddressBook::digits).filter((digits) -> !digits.isEmpty()).toList();
	}

	private static String digits(String number) {
		return (number != null) ? number.replaceAll("[^0-9]", "") : "";
	}

	/** A Graph call, its failure as the write SPI's. */
	private static <T> T call(Supplier<T> request) {
		try {
			return request.get();
		}
		catch (GraphException ex) {
			String code = ex.code();
			if ("graph_forbidden".equals(code)) {
				// Contacts.ReadWrite withdrawn (or never given)
				throw new AddressBookException(AddressBookException.CONSENT_REQUIRED, false, ex);
			}
			boolean retryable = code.equals("graph_throttled") || code.equals("graph_timeout")
					|| code.startsWith("graph_http_5") || code.equals("graph_empty_response");
			throw new AddressBookException(code, retryable, ex);
		}
		catch (ConnectionException ex) {
			boolean reconnect = ex.reason() == ConnectionException.Reason.REAUTHORIZATION_REQUIRED
					|| ex.reason() == ConnectionException.Reason.NOT_CONNECTED;
			throw new AddressBookException(reconnect ? AddressBookException.CONSENT_REQUIRED : "graph_unavailable",
					!reconnect, ex);
		}
	}

}
