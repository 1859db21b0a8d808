package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.validation.Validator;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.staff.StaffDirectory;

import org.springframework.dao.DataIntegrityViolationException;
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

	static final int MAX_LABEL_LENGTH = 50;

	private final ContactRepository contacts;

	private final ContactQueries queries;

	private final PhoneNumbers phoneNumbers;

	private final StaffDirectory staff;

	private final AuditLog audit;

	private final Validator validator;

	private final TransactionTemplate transactions;

	private final People people;

	ContactApiService(ContactRepository contacts, ContactQueries queries, PhoneNumbers phoneNumbers,
			StaffDirectory staff, AuditLog audit, Validator validator, PlatformTransactionManager transactionManager,
			People people) {
		this.people = people;
		this.contacts = contacts;
		this.queries = queries;
		this.phoneNumbers = phoneNumbers;
		this.staff = staff;
		this.audit = audit;
		this.validator = validator;
		this.transactions = new TransactionTemplate(transactionManager);
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
		ContactQueries.ContactPage page = queries.search(search, request.pageSize());
		return new ContactJson.Page(json(page.content()), page.totalElements(), page.capped(), page.number(),
				page.size());
	}

	@Transactional(readOnly = true)
	public Optional<ContactJson> find(long id) {
		return json(queries.rows(List.of(id))).stream().findFirst();
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
		Checked checked = check(request, null, callerId);
		long id;
		try {
			id = transactions.execute((status) -> {
				long saved = contacts.saveAndFlush(new Contact(checked.phone(), checked.details())).getId();
				// the number's row (issue 18's people model) makes it unique
				people.formPhone(saved, checked.phone());
				people.formEmail(saved, checked.details().email());
				return saved;
			});
		}
		catch (DataIntegrityViolationException ex) {
			throw raced(checked, ex);
		}
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
		Checked[] checked = new Checked[1];
		boolean found;
		try {
			found = transactions.execute((status) -> contacts.findById(id).map((contact) -> {
				if (!ifMatch.matches(contact.getVersion())) {
					throw conflict(contact);
				}
				checked[0] = check(request, contact, contact.getOwnerId());
				contact.update(checked[0].phone(), checked[0].details(), contact.isNameEdited());
				contacts.flush();
				people.formPhone(id, checked[0].phone());
				people.formEmail(id, checked[0].details().email());
				return true;
			}).orElse(false));
		}
		catch (OptimisticLockingFailureException ex) {
			// written by another transaction between our read and our write
			throw contacts.findById(id).map(this::conflict).orElseThrow(() -> ex);
		}
		catch (DataIntegrityViolationException ex) {
			throw raced(checked[0], ex);
		}
		return found ? find(id) : Optional.empty();
	}

	/**
	 * Deletes a contact, with its links and notes.
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
		audit.record("contact.deleted", "contact " + id, null);
		return true;
	}

	private EditConflictException conflict(Contact current) {
		return new EditConflictException(ContactForm.of(current, phoneNumbers.display(current.getPhone())));
	}

	private List<ContactJson> json(List<ContactRow> rows) {
		if (rows.isEmpty()) {
			return List.of();
		}
		List<Long> ids = rows.stream().map(ContactRow::id).toList();
		Map<Long, Contact> entities = contacts.findAllById(ids)
			.stream()
			.collect(Collectors.toMap(Contact::getId, Function.identity()));
		Map<Long, List<ContactQueries.Identity>> identities = queries.identities(ids);
		Map<Long, String> usernames = staff.usernames();
		List<ContactJson> json = new ArrayList<>(rows.size());
		for (ContactRow row : rows) {
			Contact contact = entities.get(row.id());
			if (contact == null) {
				// deleted between the two reads
				continue;
			}
			List<String> sources = row.badges();
			List<ContactJson.Phone> phones = List
				.of(new ContactJson.Phone("+" + contact.getPhone(), null, true, sources));
			List<ContactJson.Email> emails = (contact.getEmail() != null)
					? List.of(new ContactJson.Email(contact.getEmail(), null, true)) : List.of();
			List<ContactJson.Identity> linked = identities.getOrDefault(row.id(), List.of())
				.stream()
				.map((identity) -> new ContactJson.Identity(identity.provider().code(),
						usernames.get(identity.staffId()), identity.externalId()))
				.toList();
			json.add(new ContactJson(contact.getId(), contact.getName(), contact.getPhone(), phones, emails,
					contact.getCompany(), contact.getLeadStatus().code(),
					(contact.getOwnerId() != null) ? usernames.get(contact.getOwnerId()) : null, sources, linked,
					contact.getVersion(), contact.getCreatedAt(), contact.getUpdatedAt()));
		}
		return json;
	}

	/**
	 * Applies the rules of the forms to a body: every field that breaks one is named.
	 * @param current the contact being changed ({@code null} for a new one): the fields a
	 * body leaves out keep its values
	 * @param ownerIfNone the owner when neither the body nor the contact has one
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
		String email = (current != null) ? current.getEmail() : null;
		if (request.gives(ContactRequest.Field.EMAILS)) {
			email = primaryEmail(request.emails(), errors);
		}
		String phone = (current != null) ? current.getPhone() : null;
		String phoneField = null;
		if (request.gives(ContactRequest.Field.PHONES) || current == null) {
			List<ContactJson.PhoneInput> phones = request.gives(ContactRequest.Field.PHONES) ? request.phones()
					: List.of();
			int primary = primaryPhone(phones, errors);
			phone = null;
			if (primary >= 0) {
				phoneField = "phones[" + primary + "].number";
				PhoneNumbers.Result result = phoneNumbers.normalize(phones.get(primary).number());
				if (result.isValid()) {
					phone = result.digits();
				}
				else {
					errors.reject(phoneField, PhoneRejectedException.rejected(result.rejection()).messageCode());
				}
			}
		}
		errors.throwIfAny();
		Long editedId = (current != null) ? current.getId() : null;
		String field = phoneField;
		String digits = phone;
		contacts.findByPhone(phone).filter((owner) -> !owner.getId().equals(editedId)).ifPresent((owner) -> {
			throw new NumberTakenException(field, PhoneRejectedException.duplicate(owner.getName(), owner.getId()));
		});
		return new Checked(digits, phoneField, new Contact.ContactDetails(name, email, company, leadStatus,
				(current != null) ? current.getNotes() : null, ownerId));
	}

	/**
	 * Until a contact has several numbers, the API takes one: the index of the primary,
	 * or -1 when there is none.
	 */
	private int primaryPhone(List<ContactJson.PhoneInput> phones, InvalidContactException.Errors errors) {
		if (phones.isEmpty()) {
			errors.reject("phones", "contact.phone.missing");
			return -1;
		}
		if (phones.size() > 1) {
			errors.reject("phones", "contact.api.oneNumberForNow");
			return -1;
		}
		ContactJson.PhoneInput phone = phones.get(0);
		if (phone.label() != null && phone.label().length() > MAX_LABEL_LENGTH) {
			errors.reject("phones[0].label", "Size", "label", MAX_LABEL_LENGTH);
		}
		return 0;
	}

	private String primaryEmail(List<ContactJson.EmailInput> emails, InvalidContactException.Errors errors) {
		if (emails.isEmpty()) {
			return null;
		}
		if (emails.size() > 1) {
			errors.reject("emails", "contact.api.oneEmailForNow");
			return null;
		}
		String address = emails.get(0).address();
		if (address == null || address.isBlank()) {
			errors.reject("emails[0].address", "NotBlank");
		}
		else if (address.length() > 320) {
			errors.reject("emails[0].address", "Size", "address", 320);
		}
		else if (!validator.validateValue(ContactForm.class, "email", address).isEmpty()) {
			errors.reject("emails[0].address", "Email");
		}
		return address;
	}

	private NumberTakenException raced(Checked checked, DataIntegrityViolationException ex) {
		// someone saved the same number between our check and our write; the failed
		// transaction is over, so this lookup runs in a fresh one
		Optional<Contact> owner = (checked != null) ? contacts.findByPhone(checked.phone()) : Optional.empty();
		if (owner.isEmpty()) {
			throw ex;
		}
		return new NumberTakenException(checked.phoneField(),
				PhoneRejectedException.duplicate(owner.get().getName(), owner.get().getId()));
	}

	/**
	 * A body that passed every rule.
	 *
	 * @param phone the primary number's digits
	 * @param phoneField where the body has it
	 * @param details the other fields
	 */
	private record Checked(String phone, String phoneField, Contact.ContactDetails details) {
	}

}
