package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.staff.StaffDirectory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The contacts JSON API: contacts as {@link ContactJson}, and adding, changing and
 * deleting them by the rules of the add and edit forms, with every wrong field named at
 * once and the version a change was meant for checked in its transaction.
 */
@Service
class ContactApiService {

	private final ContactRepository contacts;

	private final ContactListQuery queries;

	private final PhoneNumbers phoneNumbers;

	private final StaffDirectory staff;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	private final People people;

	private final PeopleReader reader;

	private final ContactChanges changes;

	private final ContactFeed feed;

	/** Rows of the sequence one call reads at most. */
	static final int CHANGES_PAGE = 500;

	ContactApiService(ContactRepository contacts, ContactListQuery queries, PhoneNumbers phoneNumbers,
			StaffDirectory staff, AuditLog audit, PlatformTransactionManager transactionManager, People people,
			PeopleReader reader, ContactChanges changes, ContactFeed feed) {
		this.changes = changes;
		this.feed = feed;
		this.contacts = contacts;
		this.queries = queries;
		this.phoneNumbers = phoneNumbers;
		this.staff = staff;
		this.audit = audit;
		this.transactions = new TransactionTemplate(transactionManager);
		this.people = people;
		this.reader = reader;
	}

	/**
	 * One page of the contacts matching a search.
	 * @param request the query string
	 * @param callerId who asks, for {@code owner=me}
	 * @return the page
	 * @throws InvalidContactException naming every parameter that is not valid
	 */
	@Transactional(readOnly = true)
	public ContactJson.Page list(ContactListRequest request, long callerId) {
		ContactSearch search = request.toSearch(callerId, staff::idOf);
		ContactListQuery.ContactPage page = queries.search(search, request.pageSize());
		return new ContactJson.Page(json(page.content().stream().map(ContactRow::id).toList()), page.totalElements(),
				page.capped(), page.number(), page.size());
	}

	/**
	 * The contacts written after a cursor, as they are now; without one, none and the
	 * cursor of now.
	 * @param since a cursor this gave before, or {@code null}
	 * @return the changes, each contact once, and the cursor to ask with next
	 * @throws InvalidCursorException if {@code since} is not a cursor
	 */
	@Transactional(readOnly = true)
	public ContactJson.Changes changes(String since) {
		if (since == null) {
			return new ContactJson.Changes(List.of(), feed.now().encode(), false);
		}
		ContactFeed.Cursor cursor = ContactFeed.Cursor.decode(since).orElseThrow(InvalidCursorException::new);
		ContactFeed.Window window = feed.since(cursor, CHANGES_PAGE);
		List<Long> written = window.changes()
			.stream()
			.filter((c) -> !c.deleted())
			.map(ContactFeed.Change::contactId)
			.toList();
		Map<Long, ContactJson> current = new HashMap<>();
		json(written).forEach((contact) -> current.put(contact.id(), contact));
		List<Object> items = new ArrayList<>();
		for (ContactFeed.Change change : window.changes()) {
			ContactJson contact = current.get(change.contactId());
			// deleted since its change was written: its deletion is on the way too
			items.add((contact != null) ? contact : new ContactJson.Deleted(change.contactId(), true));
		}
		return new ContactJson.Changes(items, window.next().encode(), window.more());
	}

	@Transactional(readOnly = true)
	public Optional<ContactJson> find(long id) {
		return json(List.of(id)).stream().findFirst();
	}

	/**
	 * Adds a contact.
	 * @param request the body
	 * @param callerId who adds it: its owner unless the body names one
	 * @return the contact as saved
	 * @throws InvalidContactException naming every wrong field
	 * @throws NumberTakenException if another contact has one of its numbers
	 */
	public ContactJson create(ContactRequest request, long callerId) {
		long id = saving(null, request, () -> transactions.execute((status) -> {
			Checked checked = check(request, null, callerId);
			long created = contacts.saveAndFlush(new Contact(checked.primary(), checked.details())).getId();
			people.replacePhones(created, checked.phones());
			people.replaceEmails(created, checked.emails());
			changes.typed(List.of(created));
			return created;
		}));
		return find(id).orElseThrow();
	}

	/**
	 * Changes the fields a body gives; the others stay as they are.
	 * @param id the contact
	 * @param request the body
	 * @param ifMatch the versions the change is meant for
	 * @return the contact as saved, or empty if there is no such contact
	 * @throws EditConflictException if the contact is at another version; nothing is
	 * saved
	 * @throws InvalidContactException naming every wrong field
	 * @throws NumberTakenException if another contact has one of its numbers
	 */
	public Optional<ContactJson> update(long id, ContactRequest request, IfMatch ifMatch) {
		boolean found;
		try {
			found = saving(id, request, () -> transactions.execute((status) -> contacts.findById(id).map((contact) -> {
				if (!ifMatch.matches(contact.getVersion())) {
					throw conflict(contact);
				}
				Checked checked = check(request, contact, contact.getOwnerId());
				// the numbers and emails are People's to write, with the copies in
				// contacts
				contact.update(contact.getPhone(), checked.details(), contact.isNameEdited());
				contacts.flush();
				if (request.gives(ContactRequest.Field.PHONES)) {
					people.replacePhones(id, checked.phones());
				}
				if (request.gives(ContactRequest.Field.EMAILS)) {
					people.replaceEmails(id, checked.emails());
				}
				changes.typed(List.of(id));
				return true;
			}).orElse(false)));
		}
		catch (OptimisticLockingFailureException ex) {
			// written by another transaction between our read and our write
			throw contacts.findById(id).map(this::conflict).orElseThrow(() -> ex);
		}
		return found ? find(id) : Optional.empty();
	}

	/**
	 * Deletes a contact, with its numbers, links and notes.
	 * @param id the contact
	 * @param ifMatch the versions the deletion is meant for
	 * @return whether it existed
	 * @throws EditConflictException if the contact is at another version
	 */
	@Transactional
	public boolean delete(long id, IfMatch ifMatch) {
		Optional<Contact> contact = contacts.findById(id);
		if (contact.isEmpty()) {
			return false;
		}
		if (!ifMatch.matches(contact.get().getVersion())) {
			throw conflict(contact.get());
		}
		contacts.delete(contact.get());
		changes.typedDeleted(List.of(id));
		audit.record("contact.deleted", "contact " + id, null);
		return true;
	}

	/**
	 * Runs a save; a number that another save took between the check and the write is a
	 * conflict like one taken before.
	 */
	private <T> T saving(Long id, ContactRequest request, Supplier<T> save) {
		try {
			return RacingSaves.retried(save);
		}
		catch (PhoneRejectedException ex) {
			if (!ex.isDuplicate()) {
				throw ex;
			}
			throw new NumberTakenException("phones[" + ex.index() + "].number", ex);
		}
		catch (DuplicateKeyException ex) {
			// taken by a save that committed while ours waited: readable now ours is
			// undone
			List<PhoneEntry> phones = request.gives(ContactRequest.Field.PHONES) ? request.phones() : List.of();
			PhoneRejectedException taken = people.checkPhones(id, phones)
				.stream()
				.filter(PhoneRejectedException::isDuplicate)
				.findFirst()
				.orElseThrow(() -> ex);
			throw new NumberTakenException("phones[" + taken.index() + "].number", taken);
		}
	}

	private EditConflictException conflict(Contact current) {
		return new EditConflictException(ContactForm.of(current, List.of(), List.of(), phoneNumbers::display));
	}

	private List<ContactJson> json(List<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		Map<Long, Contact> entities = contacts.findAllById(ids)
			.stream()
			.collect(Collectors.toMap(Contact::getId, Function.identity()));
		Map<Long, PeopleReader.Person> people = reader.read(ids);
		Map<Long, String> usernames = staff.usernames();
		List<ContactJson> json = new ArrayList<>(ids.size());
		for (long id : ids) {
			Contact contact = entities.get(id);
			if (contact != null) {
				// else deleted between the two reads
				json.add(json(contact, people.get(id), usernames));
			}
		}
		return json;
	}

	private static ContactJson json(Contact contact, PeopleReader.Person person, Map<Long, String> usernames) {
		List<ContactJson.Phone> phones = person.phones()
			.stream()
			.map((phone) -> new ContactJson.Phone(phone.e164(), phone.label(), phone.primary(),
					codes(phone.sources().stream().map(KnownBy::origin).toList())))
			.toList();
		List<ContactJson.Email> emails = person.emails()
			.stream()
			.map((email) -> new ContactJson.Email(email.address(), email.label(), email.primary()))
			.toList();
		List<ContactJson.Identity> identities = person.identities()
			.stream()
			.map((identity) -> new ContactJson.Identity(identity.provider().code(),
					usernames.get(identity.staffUserId()), identity.externalId()))
			.toList();
		return new ContactJson(contact.getId(), contact.getName(), contact.getPhone(), phones, emails,
				contact.getCompany(), contact.getLeadStatus().code(),
				(contact.getOwnerId() != null) ? usernames.get(contact.getOwnerId()) : null, sources(contact, person),
				identities, contact.getVersion(), contact.getCreatedAt(), contact.getUpdatedAt());
	}

	/**
	 * What knows any of a contact's numbers and emails, and the sources it has identities
	 * in; a contact with none of these by where it came from.
	 */
	static List<String> sources(Contact contact, PeopleReader.Person person) {
		List<Origin> origins = new ArrayList<>();
		person.phones().forEach((phone) -> phone.sources().forEach((known) -> origins.add(known.origin())));
		person.emails().forEach((email) -> email.sources().forEach((known) -> origins.add(known.origin())));
		person.identities().forEach((identity) -> origins.add(Origin.of(identity.provider())));
		if (origins.isEmpty()) {
			origins.add(switch (contact.getSource()) {
				case MANUAL -> Origin.MANUAL;
				case OUTLOOK -> Origin.OUTLOOK;
				case GOOGLE -> Origin.GOOGLE;
				case WHATSAPP, BOTH -> Origin.WHATSAPP;
			});
		}
		return codes(origins);
	}

	/** Each origin once, in a fixed order. */
	private static List<String> codes(List<Origin> origins) {
		EnumSet<Origin> distinct = EnumSet.noneOf(Origin.class);
		distinct.addAll(origins);
		return distinct.stream().map(Origin::code).toList();
	}

	/**
	 * Applies the rules of the forms to a body: every field that breaks one is named.
	 * Numbers that belong to another contact are a {@link NumberTakenException}, once
	 * nothing else is wrong.
	 * @param current the contact being changed ({@code null} for a new one): the fields a
	 * body leaves out keep its values
	 * @param ownerIfNone the owner of a new contact the body gives none
	 */
	private Checked check(ContactRequest request, Contact current, Long ownerIfNone) {
		InvalidContactException.Errors errors = new InvalidContactException.Errors(request.readErrors());
		String name = (current != null) ? current.getName() : null;
		if (request.gives(ContactRequest.Field.NAME) || current == null) {
			name = request.name();
			if (name == null || name.isBlank()) {
				errors.reject("name", "NotBlank.contactForm.name");
			}
			else if (name.length() > 500) {
				errors.reject("name", "Size", "name", 500);
			}
		}
		String company = (current != null) ? current.getCompany() : null;
		if (request.gives(ContactRequest.Field.COMPANY)) {
			company = request.company();
			if (company != null && company.length() > 255) {
				errors.reject("company", "Size", "company", 255);
			}
		}
		LeadStatus leadStatus = (current != null) ? current.getLeadStatus() : LeadStatus.NEW;
		if (request.gives(ContactRequest.Field.LEAD_STATUS)) {
			leadStatus = request.leadStatus();
		}
		Long ownerId = (current != null) ? current.getOwnerId() : ownerIfNone;
		if (request.gives(ContactRequest.Field.OWNER)) {
			ownerId = null;
			if (request.owner() != null) {
				ownerId = staff.idOf(request.owner()).orElse(null);
				if (ownerId == null) {
					errors.reject("owner", "contact.api.owner");
				}
			}
		}
		List<PhoneEntry> phones = List.of();
		List<PhoneRejectedException> taken = new ArrayList<>();
		if (request.gives(ContactRequest.Field.PHONES) || current == null) {
			phones = request.gives(ContactRequest.Field.PHONES) ? request.phones() : List.of();
			if (phones.isEmpty() && (current == null || current.getPhone() != null)) {
				// a contact may be without a number only as WhatsApp brought it
				errors.reject("phones", "contact.phone.missing");
			}
			checkLabels("phones", phones.stream().map(PhoneEntry::label).toList(), errors);
			if (phones.stream().filter(PhoneEntry::primary).count() > 1) {
				errors.reject("phones", "contact.api.onePrimary");
			}
			for (PhoneRejectedException problem : people.checkPhones((current != null) ? current.getId() : null,
					phones)) {
				if (problem.isDuplicate()) {
					taken.add(problem);
				}
				else {
					errors.reject("phones[" + problem.index() + "].number", problem.messageCode());
				}
			}
		}
		List<EmailEntry> emails = List.of();
		if (request.gives(ContactRequest.Field.EMAILS)) {
			emails = request.emails();
			checkLabels("emails", emails.stream().map(EmailEntry::label).toList(), errors);
			if (emails.stream().filter(EmailEntry::primary).count() > 1) {
				errors.reject("emails", "contact.api.onePrimary");
			}
			for (int i = 0; i < emails.size(); i++) {
				String address = emails.get(i).address();
				if (address == null || address.isBlank()) {
					errors.reject("emails[" + i + "].address", "NotBlank");
				}
				else if (address.length() > Emails.MAX) {
					errors.reject("emails[" + i + "].address", "Size", "address", Emails.MAX);
				}
			}
			people.checkEmails(emails)
				.forEach((problem) -> errors.reject("emails[" + problem.index() + "].address", problem.messageCode()));
		}
		errors.throwIfAny();
		if (!taken.isEmpty()) {
			throw new NumberTakenException("phones[" + taken.get(0).index() + "].number", taken.get(0));
		}
		String primary = primaryDigits(phones);
		return new Checked(primary, phones, emails,
				new Contact.ContactDetails(name, (current != null) ? current.getEmail() : null, company, leadStatus,
						(current != null) ? current.getNotes() : null, ownerId));
	}

	private static void checkLabels(String list, List<String> labels, InvalidContactException.Errors errors) {
		for (int i = 0; i < labels.size(); i++) {
			if (labels.get(i) != null && labels.get(i).length() > Labels.MAX) {
				errors.reject(list + "[" + i + "].label", "Size", "label", Labels.MAX);
			}
		}
	}

	/** The number the list marks primary, else its first: checked, so valid. */
	private String primaryDigits(List<PhoneEntry> phones) {
		return phones.stream()
			.filter(PhoneEntry::primary)
			.findFirst()
			.or(() -> phones.stream().findFirst())
			.map((entry) -> phoneNumbers.normalize(entry.number()).digits())
			.orElse(null);
	}

	/**
	 * A body that passed every rule.
	 *
	 * @param primary the primary number's digits, {@code null} if the body has no numbers
	 * @param phones the numbers to have, if the body gives them
	 * @param emails the emails to have, if the body gives them
	 * @param details the other fields
	 */
	private record Checked(String primary, List<PhoneEntry> phones, List<EmailEntry> emails,
			Contact.ContactDetails details) {
	}

}
