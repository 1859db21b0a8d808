package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.persistence.criteria.Predicate;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.jpa.domain.Specification;
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

	ContactService(ContactRepository contacts, PhoneNumbers phoneNumbers,
			PlatformTransactionManager transactionManager) {
		this.contacts = contacts;
		this.phoneNumbers = phoneNumbers;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	@Transactional(readOnly = true)
	public Page<ContactRow> search(ContactSearch search) {
		PageRequest page = PageRequest.of(search.page(), ContactSearch.PAGE_SIZE, search.order().sort());
		return contacts.findAll(matching(search), page).map(this::toRow);
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

	private Specification<Contact> matching(ContactSearch search) {
		return (root, query, cb) -> {
			List<Predicate> all = new ArrayList<>();
			if (search.source() != null) {
				all.add(cb.equal(root.get("source"), search.source()));
			}
			if (!search.query().isEmpty()) {
				List<Predicate> any = new ArrayList<>();
				String pattern = "%" + escapeLike(search.query().toLowerCase(Locale.ROOT)) + "%";
				any.add(cb.like(cb.lower(root.get("name")), pattern, '\\'));
				for (String prefix : phoneNumbers.searchPrefixes(search.query())) {
					any.add(cb.like(root.get("phone"), prefix + "%"));
				}
				all.add(cb.or(any.toArray(Predicate[]::new)));
			}
			return cb.and(all.toArray(Predicate[]::new));
		};
	}

	private static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private ContactRow toRow(Contact contact) {
		return new ContactRow(contact.getId(), contact.getName(), contact.getPhone(),
				phoneNumbers.display(contact.getPhone()), contact.getEmail(), contact.getCompany(), contact.getSource(),
				contact.getLeadStatus(), contact.getUpdatedAt());
	}

}
