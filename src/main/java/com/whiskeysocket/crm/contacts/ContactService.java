package com.whiskeysocket.crm.contacts;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.staff.StaffDirectory;
import com.whiskeysocket.crm.staff.StaffMember;
import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finding, adding, editing and deleting contacts by hand; their owners, statuses and
 * notes.
 */
@Service
class ContactService {

	private static final Logger log = LoggerFactory.getLogger(ContactService.class);

	private final ContactRepository contacts;

	private final ContactNoteRepository notes;

	private final PhoneNumbers phoneNumbers;

	private final TransactionTemplate transactions;

	private final ContactQueries queries;

	private final StaffDirectory staff;

	private final AuditLog audit;

	private final People people;

	ContactService(ContactRepository contacts, ContactNoteRepository notes, PhoneNumbers phoneNumbers,
			PlatformTransactionManager transactionManager, ContactQueries queries, StaffDirectory staff, AuditLog audit,
			People people) {
		this.people = people;
		this.contacts = contacts;
		this.notes = notes;
		this.phoneNumbers = phoneNumbers;
		this.transactions = new TransactionTemplate(transactionManager);
		this.queries = queries;
		this.staff = staff;
		this.audit = audit;
	}

	@Transactional(readOnly = true)
	public ContactQueries.ContactPage search(ContactSearch search) {
		return queries.search(search);
	}

	/** Every staff account, for owner pickers and owner names. */
	public List<StaffMember> staff() {
		return staff.members();
	}

	/** Names of staff accounts by id. */
	public Map<Long, String> staffNames() {
		return staff.members()
			.stream()
			.collect(Collectors.toMap(StaffMember::id, StaffMember::displayName, (a, b) -> a));
	}

	@Transactional(readOnly = true)
	public Optional<ContactView> view(long id) {
		return contacts.findById(id).map((contact) -> {
			Map<Long, String> names = staffNames();
			List<ContactView.SourceView> sources = queries.links(id)
				.stream()
				.map((link) -> new ContactView.SourceView(link.providerCode(), names.get(link.staffId()),
						link.firstSeen(), link.lastSeen()))
				.toList();
			return new ContactView(contact.getId(), contact.getName(), contact.getPhone(),
					phoneNumbers.display(contact.getPhone()), contact.getEmail(), contact.getCompany(),
					contact.getSource(), contact.getLeadStatus(), contact.getOwnerId(),
					(contact.getOwnerId() != null) ? names.get(contact.getOwnerId()) : null, contact.getNotes(),
					contact.isNameEdited(), contact.isNoLongerInOutlook(), contact.getCreatedAt(),
					contact.getUpdatedAt(), sources, notes.findByContactIdOrderByCreatedAtDescIdDesc(id));
		});
	}

	@Transactional(readOnly = true)
	public Optional<ContactForm> form(long id) {
		return contacts.findById(id).map(this::currentForm);
	}

	/** How a stale edit differs from the contact as stored now. */
	public List<ContactForm.Difference> differences(ContactForm mine, ContactForm current) {
		return mine.differencesFrom(current, staffNames(), phoneNumbers);
	}

	private ContactForm currentForm(Contact contact) {
		return ContactForm.of(contact, phoneNumbers.display(contact.getPhone()));
	}

	@Transactional(readOnly = true)
	public Optional<ContactRow> row(long id) {
		return contacts.findById(id).map(this::toRow);
	}

	/**
	 * Checks a number the way saving it would, so the form can show every error at once.
	 * @param raw the number as typed
	 * @param editedId the contact being edited, or {@code null} for a new one
	 * @return why the number cannot be saved, if it cannot
	 */
	@Transactional(readOnly = true)
	public Optional<PhoneRejectedException> checkPhone(String raw, Long editedId) {
		try {
			usablePhone(raw, editedId);
			return Optional.empty();
		}
		catch (PhoneRejectedException ex) {
			return Optional.of(ex);
		}
	}

	/** Whether an owner picked in a form is an account, or no owner. */
	public boolean isOwner(Long ownerId) {
		return ownerId == null || staff.members().stream().anyMatch((member) -> member.id() == ownerId);
	}

	/**
	 * Adds a contact.
	 * @param form the validated form
	 * @return the new contact's id
	 * @throws PhoneRejectedException if the phone is not a usable number or is taken
	 */
	public long create(ContactForm form) {
		String phone = usablePhone(form.phone(), null);
		try {
			return transactions.execute((status) -> {
				long id = contacts.saveAndFlush(new Contact(phone, form.details())).getId();
				people.formPhone(id, phone);
				people.formEmail(id, form.details().email());
				return id;
			});
		}
		catch (DataIntegrityViolationException ex) {
			throw duplicateOf(phone, ex);
		}
	}

	/**
	 * Edits a contact, unless it changed since the form was loaded.
	 * @param id the contact
	 * @param form the validated form, with the version it was loaded with
	 * @return whether the contact existed
	 * @throws PhoneRejectedException if the phone is not a usable number or is taken
	 * @throws EditConflictException if someone or a sync saved the contact since the form
	 * was loaded; nothing is saved
	 */
	public boolean update(long id, ContactForm form) {
		String phone = usablePhone(form.phone(), id);
		try {
			return transactions.execute((status) -> contacts.findById(id).map((contact) -> {
				if (form.version() != null && form.version() != contact.getVersion()) {
					throw new EditConflictException(currentForm(contact));
				}
				contact.update(phone, form.details(), form.keepsName());
				contacts.flush();
				people.formPhone(id, phone);
				people.formEmail(id, form.details().email());
				return true;
			}).orElse(false));
		}
		catch (OptimisticLockingFailureException ex) {
			// written by another transaction between our read and our write
			throw new EditConflictException(form(id).orElseThrow(() -> ex));
		}
		catch (DataIntegrityViolationException ex) {
			throw duplicateOf(phone, ex);
		}
	}

	/**
	 * Sets the lead status whatever the contact's version: one field, chosen while
	 * looking at it, so the last choice wins (a sync never writes the status).
	 */
	public Optional<ContactRow> setStatus(long id, LeadStatus status) {
		return change(id, (contact) -> contact.moveTo(status));
	}

	/** Assigns the contact whatever its version, as {@link #setStatus} does. */
	public Optional<ContactRow> setOwner(long id, Long ownerId) {
		return change(id, (contact) -> contact.assignTo(ownerId));
	}

	private Optional<ContactRow> change(long id, Consumer<Contact> change) {
		for (int attempt = 1;; attempt++) {
			try {
				return transactions.execute((status) -> contacts.findById(id).map((contact) -> {
					change.accept(contact);
					contacts.flush();
					return toRow(contact);
				}));
			}
			catch (OptimisticLockingFailureException ex) {
				// a sync or a bulk change wrote the row meanwhile: apply it to theirs
				if (attempt == 3) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Adds a note to a contact's timeline.
	 * @param id the contact
	 * @param author who writes it
	 * @param body the text
	 * @return whether the contact existed
	 */
	@Transactional
	public boolean addNote(long id, StaffPrincipal author, String body) {
		if (!contacts.existsById(id)) {
			return false;
		}
		notes.save(new ContactNote(id, author.id(), author.displayName(), body.strip()));
		return true;
	}

	@Transactional
	public boolean delete(long id) {
		if (!contacts.existsById(id)) {
			return false;
		}
		contacts.deleteById(id);
		audit.record("contact.deleted", "contact " + id, null);
		return true;
	}

	@Transactional(readOnly = true)
	public long count(ContactQueries.Selection selection) {
		return queries.count(selection);
	}

	@Transactional
	public int setStatus(ContactQueries.Selection selection, LeadStatus status) {
		return bulkChanged("status", status.code(), queries.set(selection, "lead_status", status.code()), selection);
	}

	@Transactional
	public int setOwner(ContactQueries.Selection selection, Long ownerId) {
		return bulkChanged("owner", (ownerId != null) ? "staff " + ownerId : "nobody",
				queries.set(selection, "owner_id", ownerId), selection);
	}

	@Transactional
	public int delete(ContactQueries.Selection selection) {
		return bulkChanged("delete", null, queries.delete(selection), selection);
	}

	private int bulkChanged(String change, String value, int count, ContactQueries.Selection selection) {
		audit.record("contacts.bulk-changed", change + ((value != null) ? " " + value : ""),
				count + " contacts, " + (selection.allMatching() ? "all matching the filters" : "ticked"));
		return count;
	}

	private String usablePhone(String raw, Long editedId) {
		PhoneNumbers.Result result = phoneNumbers.normalize(raw);
		if (!result.isValid()) {
			throw PhoneRejectedException.rejected(result.rejection());
		}
		contacts.findByPhone(result.digits())
			.filter((existing) -> !existing.getId().equals(editedId))
			.ifPresent((existing) -> {
				throw PhoneRejectedException.duplicate(existing.getName(), existing.getId());
			});
		return result.digits();
	}

	private PhoneRejectedException duplicateOf(String phone, DataIntegrityViolationException ex) {
		// the database's own words (the logging layer masks the number in them)
		log.warn("A number was saved by someone else meanwhile: {}", ex.getMostSpecificCause().getMessage());
		// someone else saved the same number between our check and our write; the failed
		// transaction is over, so this lookup runs in a fresh one
		Optional<Contact> owner = contacts.findByPhone(phone);
		PhoneRejectedException duplicate = PhoneRejectedException.duplicate(owner.map(Contact::getName).orElse(""),
				owner.map(Contact::getId).orElse(null));
		duplicate.initCause(ex);
		return duplicate;
	}

	private ContactRow toRow(Contact contact) {
		return new ContactRow(contact.getId(), contact.getName(), contact.getPhone(),
				phoneNumbers.display(contact.getPhone()), contact.getEmail(), contact.getCompany(), contact.getSource(),
				contact.getLeadStatus(), contact.getOwnerId(), contact.getUpdatedAt(), contact.isNoLongerInOutlook(),
				false,
				ContactRow.knownFrom(contact.getSource(), contact.getOutlookContactId(), contact.getGoogleContactId()));
	}

}
