package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.staff.StaffDirectory;
import com.whiskeysocket.crm.staff.StaffMember;
import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.dao.DuplicateKeyException;
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

	private final ContactRepository contacts;

	private final ContactNoteRepository notes;

	private final PhoneNumbers phoneNumbers;

	private final TransactionTemplate transactions;

	private final ContactListQuery list;

	private final ContactSelections selections;

	private final StaffDirectory staff;

	private final AuditLog audit;

	private final People people;

	private final ContactViews views;

	private final ContactChanges changes;

	ContactService(ContactRepository contacts, ContactNoteRepository notes, PhoneNumbers phoneNumbers,
			PlatformTransactionManager transactionManager, ContactListQuery list, ContactSelections selections,
			StaffDirectory staff, AuditLog audit, People people, ContactViews views, ContactChanges changes) {
		this.changes = changes;
		this.people = people;
		this.views = views;
		this.contacts = contacts;
		this.notes = notes;
		this.phoneNumbers = phoneNumbers;
		this.transactions = new TransactionTemplate(transactionManager);
		this.list = list;
		this.selections = selections;
		this.staff = staff;
		this.audit = audit;
	}

	@Transactional(readOnly = true)
	public ContactListQuery.ContactPage search(ContactSearch search) {
		return list.search(search);
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

	public Optional<ContactView> view(long id) {
		return views.view(id, staffNames());
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
		return ContactForm.of(contact, people.phones(contact.getId()), people.emails(contact.getId()),
				phoneNumbers::display);
	}

	@Transactional(readOnly = true)
	public Optional<ContactRow> row(long id) {
		return contacts.findById(id).map(this::toRow);
	}

	/**
	 * Checks the form's numbers the way saving them would, so the form can show every
	 * error at once.
	 * @param form the form
	 * @param editedId the contact being edited, or {@code null} for a new one
	 * @return why numbers cannot be saved, each at its row of the form
	 */
	@Transactional(readOnly = true)
	public List<PhoneRejectedException> checkPhones(ContactForm form, Long editedId) {
		List<PhoneRejectedException> problems = new ArrayList<>();
		List<PhoneEntry> entries = form.phoneEntries();
		if (entries.isEmpty()) {
			// a contact may be without a number only as WhatsApp brought it (a LID)
			boolean hasNone = editedId != null
					&& contacts.findById(editedId).map((contact) -> contact.getPhone() == null).orElse(false);
			if (!hasNone) {
				problems.add(PhoneRejectedException.rejected(PhoneNumbers.Rejection.MISSING));
			}
			return problems;
		}
		List<Integer> rows = form.phoneRows();
		for (PhoneRejectedException problem : people.checkPhones(editedId, entries)) {
			problems.add(problem.at(rows.get(problem.index()), problem.number()));
		}
		return problems;
	}

	/**
	 * Checks one number the way saving it would.
	 * @param raw the number as typed
	 * @param editedId the contact being edited, or {@code null} for a new one
	 * @return why the number cannot be saved, if it cannot
	 */
	@Transactional(readOnly = true)
	public Optional<PhoneRejectedException> checkPhone(String raw, Long editedId) {
		return people.checkPhones(editedId, List.of(new PhoneEntry(raw, null, true))).stream().findFirst();
	}

	/** Whether an owner picked in a form is an account, or no owner. */
	public boolean isOwner(Long ownerId) {
		return ownerId == null || staff.members().stream().anyMatch((member) -> member.id() == ownerId);
	}

	/**
	 * Adds a contact with every number and email of the form.
	 * @param form the validated form
	 * @return the new contact's id
	 * @throws PhoneRejectedException if a number is not a usable one or is taken, with
	 * its row
	 */
	public long create(ContactForm form) {
		List<PhoneEntry> phones = form.phoneEntries();
		return saving(form, null, () -> transactions.execute((status) -> {
			long id = contacts.saveAndFlush(new Contact(primaryDigits(phones), form.details())).getId();
			saveNumbersAndEmails(id, form, phones);
			changes.typed(List.of(id));
			return id;
		}));
	}

	/**
	 * Edits a contact, unless it changed since the form was loaded. The form's numbers
	 * and emails replace the contact's.
	 * @param id the contact
	 * @param form the validated form, with the version it was loaded with
	 * @return whether the contact existed
	 * @throws PhoneRejectedException if a number is not a usable one or is taken, with
	 * its row
	 * @throws EditConflictException if someone or a sync saved the contact since the form
	 * was loaded; nothing is saved
	 */
	public boolean update(long id, ContactForm form) {
		List<PhoneEntry> phones = form.phoneEntries();
		try {
			return saving(form, id, () -> transactions.execute((status) -> contacts.findById(id).map((contact) -> {
				if (form.version() != null && form.version() != contact.getVersion()) {
					throw new EditConflictException(currentForm(contact));
				}
				contact.update(primaryDigits(phones), form.details(), form.keepsName());
				contacts.flush();
				saveNumbersAndEmails(id, form, phones);
				changes.typed(List.of(id));
				return true;
			}).orElse(false)));
		}
		catch (OptimisticLockingFailureException ex) {
			// written by another transaction between our read and our write
			throw new EditConflictException(form(id).orElseThrow(() -> ex));
		}
	}

	/**
	 * Runs a save; a number refused while saving (taken by another save since the check)
	 * is refused at its row of the form.
	 */
	private <T> T saving(ContactForm form, Long editedId, Supplier<T> save) {
		try {
			return RacingSaves.retried(save);
		}
		catch (PhoneRejectedException ex) {
			throw ex.at(form.phoneRows().get(ex.index()), ex.number());
		}
		catch (DuplicateKeyException ex) {
			// taken by a save that committed while ours waited: readable now ours is
			// undone
			PhoneRejectedException taken = people.checkPhones(editedId, form.phoneEntries())
				.stream()
				.filter(PhoneRejectedException::isDuplicate)
				.findFirst()
				.orElseThrow(() -> ex);
			throw taken.at(form.phoneRows().get(taken.index()), taken.number());
		}
	}

	private void saveNumbersAndEmails(long id, ContactForm form, List<PhoneEntry> phones) {
		if (form.replacesAll()) {
			people.replacePhones(id, phones);
			people.replaceEmails(id, form.emailEntries());
		}
		else {
			String primary = primaryDigits(phones);
			if (primary != null) {
				people.formPhone(id, primary);
			}
			people.formEmail(id, form.details().email());
		}
	}

	/** The number marked primary, else the first; checked already, so valid. */
	private String primaryDigits(List<PhoneEntry> phones) {
		return phones.stream()
			.filter(PhoneEntry::primary)
			.findFirst()
			.or(() -> phones.stream().findFirst())
			.map((entry) -> phoneNumbers.normalize(entry.number()).digits())
			.orElse(null);
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
					changes.typed(List.of(id));
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
		changes.typedDeleted(List.of(id));
		audit.record("contact.deleted", "contact " + id, null);
		return true;
	}

	@Transactional(readOnly = true)
	public long count(ContactSelections.Selection selection) {
		return selections.count(selection);
	}

	@Transactional
	public int setStatus(ContactSelections.Selection selection, LeadStatus status) {
		changes.typed(selections.ids(selection));
		return bulkChanged("status", status.code(), selections.set(selection, "lead_status", status.code()), selection);
	}

	@Transactional
	public int setOwner(ContactSelections.Selection selection, Long ownerId) {
		changes.typed(selections.ids(selection));
		return bulkChanged("owner", (ownerId != null) ? "staff " + ownerId : "nobody",
				selections.set(selection, "owner_id", ownerId), selection);
	}

	@Transactional
	public int delete(ContactSelections.Selection selection) {
		changes.typedDeleted(selections.ids(selection));
		return bulkChanged("delete", null, selections.delete(selection), selection);
	}

	private int bulkChanged(String change, String value, int count, ContactSelections.Selection selection) {
		audit.record("contacts.bulk-changed", change + ((value != null) ? " " + value : ""),
				count + " contacts, " + (selection.allMatching() ? "all matching the filters" : "ticked"));
		return count;
	}

	private ContactRow toRow(Contact contact) {
		return new ContactRow(contact.getId(), contact.getName(), contact.getPhone(),
				phoneNumbers.display(contact.getPhone()), contact.getEmail(), contact.getCompany(), contact.getSource(),
				contact.getLeadStatus(), contact.getOwnerId(), contact.getUpdatedAt(), contact.isNoLongerInOutlook(),
				false,
				ContactRow.knownFrom(contact.getSource(), contact.getOutlookContactId(), contact.getGoogleContactId()));
	}

}
