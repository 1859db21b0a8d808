package com.whiskeysocket.crm.contacts;

import java.util.Optional;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Finding, adding, editing and deleting contacts by hand. */
@Service
class ContactService {

	private final ContactRepository contacts;

	private final PhoneNumbers phoneNumbers;

	private final TransactionTemplate transactions;

	private final ContactQueries queries;

	ContactService(ContactRepository contacts, PhoneNumbers phoneNumbers, PlatformTransactionManager transactionManager,
			ContactQueries queries) {
		this.contacts = contacts;
		this.phoneNumbers = phoneNumbers;
		this.transactions = new TransactionTemplate(transactionManager);
		this.queries = queries;
	}

	@Transactional(readOnly = true)
	public ContactQueries.ContactPage search(ContactSearch search) {
		return queries.search(search);
	}

	@Transactional(readOnly = true)
	public Optional<ContactForm> form(long id) {
		return contacts.findById(id)
			.map((contact) -> ContactForm.of(contact, phoneNumbers.display(contact.getPhone())));
	}

	@Transactional(readOnly = true)
	public Optional<ContactRow> row(long id) {
		return contacts.findById(id).map(this::toRow);
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
			return transactions.execute((status) -> contacts.saveAndFlush(new Contact(phone, form.details())).getId());
		}
		catch (DataIntegrityViolationException ex) {
			throw duplicateOf(phone, ex);
		}
	}

	/**
	 * Edits a contact.
	 * @param id the contact
	 * @param form the validated form
	 * @return whether the contact existed
	 * @throws PhoneRejectedException if the phone is not a usable number or is taken
	 */
	public boolean update(long id, ContactForm form) {
		String phone = usablePhone(form.phone(), id);
		try {
			return transactions.execute((status) -> contacts.findById(id).map((contact) -> {
				contact.update(phone, form.details(), form.keepsName());
				contacts.flush();
				return true;
			}).orElse(false));
		}
		catch (DataIntegrityViolationException ex) {
			throw duplicateOf(phone, ex);
		}
	}

	@Transactional
	public boolean delete(long id) {
		if (!contacts.existsById(id)) {
			return false;
		}
		contacts.deleteById(id);
		return true;
	}

	private String usablePhone(String raw, Long editedId) {
		PhoneNumbers.Result result = phoneNumbers.normalize(raw);
		if (!result.isValid()) {
			throw PhoneRejectedException.rejected(result.rejection());
		}
		contacts.findByPhone(result.digits())
			.filter((existing) -> !existing.getId().equals(editedId))
			.ifPresent((existing) -> {
				throw PhoneRejectedException.duplicate(existing.getName());
			});
		return result.digits();
	}

	private PhoneRejectedException duplicateOf(String phone, DataIntegrityViolationException ex) {
		// someone else saved the same number between our check and our write; the failed
		// transaction is over, so this lookup runs in a fresh one
		String owner = contacts.findByPhone(phone).map(Contact::getName).orElse("");
		PhoneRejectedException duplicate = PhoneRejectedException.duplicate(owner);
		duplicate.initCause(ex);
		return duplicate;
	}

	private ContactRow toRow(Contact contact) {
		return new ContactRow(contact.getId(), contact.getName(), contact.getPhone(),
				phoneNumbers.display(contact.getPhone()), contact.getEmail(), contact.getCompany(), contact.getSource(),
				contact.getLeadStatus(), contact.getUpdatedAt(), contact.isNoLongerInOutlook(), false,
				ContactRow.knownFrom(contact.getSource(), contact.getOutlookContactId(), contact.getGoogleContactId()));
	}

}
