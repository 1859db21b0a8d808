package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.whiskeysocket.crm.text.CleanText;

/**
 * What the add and edit forms send: the contact's fields and a row per number and per
 * email, one of each marked primary. Numbers are checked by {@link People}, not by an
 * annotation, so the field error can say why a number was refused (or which contact has
 * it); they are checked with the other fields, so every error shows at once. Rows left
 * blank are ignored; the buttons that add and remove rows send {@code rows}
 * ({@link #withRows}).
 *
 * @param name shown in the list
 * @param phone the primary number, as typed; a form without rows (a script, an older
 * page) may send it alone
 * @param email the primary email; may be sent alone as {@code phone} may
 * @param company optional
 * @param leadStatus the lead status
 * @param notes optional free text
 * @param keepName whether syncs must keep this name (set whenever staff change the name)
 * @param ownerId the staff member it is assigned to, or {@code null}
 * @param version the contact's version when the edit form was loaded ({@code null} for a
 * new contact; an edit without it is not checked for conflicts)
 * @param phones the number rows
 * @param primaryPhone the row of the primary number
 * @param emails the email rows
 * @param primaryEmail the row of the primary email
 * @param allRows whether the form sent all the contact's numbers and emails (the pages
 * do): they replace the contact's. A form without it changes the primary number and email
 * only and keeps the others, which it does not know of.
 */
record ContactForm(@NotBlank @Size(max = 500) String name, String phone, String email, @Size(max = 255) String company,
		@NotNull LeadStatus leadStatus, @Size(max = 5000) String notes, Boolean keepName, Long ownerId, Long version,
		@Valid List<NumberRow> phones, Integer primaryPhone, @Valid List<EmailRow> emails, Integer primaryEmail,
		Boolean allRows) {

	/** Rows a form may have; more is not a person typing. */
	static final int MAX_ROWS = 50;

	/**
	 * Text is cleaned as it is bound, before validation: a name of zero-width or control
	 * characters only is empty, hence refused. A form that sends {@code phone} or
	 * {@code email} without rows has them as its one row.
	 */
	ContactForm {
		name = CleanText.line(name);
		company = CleanText.line(company);
		notes = CleanText.lines(notes);
		allRows = phones != null || emails != null || Boolean.TRUE.equals(allRows);
		if (phones == null) {
			phones = blank(phone) ? List.of() : List.of(new NumberRow(phone, null));
			primaryPhone = 0;
		}
		if (emails == null) {
			emails = blank(email) ? List.of() : List.of(new EmailRow(email, null));
			primaryEmail = 0;
		}
		phones = phones.stream().limit(MAX_ROWS).map((row) -> (row != null) ? row : new NumberRow(null, null)).toList();
		emails = emails.stream().limit(MAX_ROWS).map((row) -> (row != null) ? row : new EmailRow(null, null)).toList();
		primaryPhone = primaryRow(primaryPhone, phones.stream().map(NumberRow::number).toList());
		primaryEmail = primaryRow(primaryEmail, emails.stream().map(EmailRow::address).toList());
		phone = phones.isEmpty() ? null : phones.get(primaryPhone).number();
		email = emails.isEmpty() ? null : emails.get(primaryEmail).address();
	}

	/**
	 * A form with one number and one email and no rows, as scripts and older pages send.
	 */
	ContactForm(String name, String phone, String email, String company, LeadStatus leadStatus, String notes,
			Boolean keepName, Long ownerId, Long version) {
		this(name, phone, email, company, leadStatus, notes, keepName, ownerId, version, null, null, null, null, false);
	}

	/** A new contact belongs to whoever adds it, until they pick someone else. */
	static ContactForm empty(long ownerId) {
		return new ContactForm("", null, null, "", LeadStatus.NEW, "", true, ownerId, null,
				List.of(new NumberRow("", "mobile")), 0, List.of(new EmailRow("", null)), 0, true);
	}

	/**
	 * Whether the numbers and emails replace the contact's (else only the primaries
	 * change).
	 */
	boolean replacesAll() {
		return Boolean.TRUE.equals(allRows);
	}

	/**
	 * The edit form of a contact as stored.
	 * @param contact the contact
	 * @param phones its numbers, the primary first
	 * @param emails its emails, the primary first
	 * @param display a number in the international format people read
	 */
	static ContactForm of(Contact contact, List<ContactPhone> phones, List<ContactEmail> emails,
			Function<String, String> display) {
		List<NumberRow> numberRows = new ArrayList<>(
				phones.stream().map((p) -> new NumberRow(display.apply(p.digits()), p.label())).toList());
		if (numberRows.isEmpty() && contact.getPhone() != null) {
			numberRows.add(new NumberRow(display.apply(contact.getPhone()), null));
		}
		List<EmailRow> emailRows = new ArrayList<>(
				emails.stream().map((e) -> new EmailRow(e.address(), e.label())).toList());
		if (emailRows.isEmpty() && contact.getEmail() != null) {
			emailRows.add(new EmailRow(contact.getEmail(), null));
		}
		return new ContactForm(contact.getName(), null, null, contact.getCompany(), contact.getLeadStatus(),
				contact.getNotes(), contact.isNameEdited(), contact.getOwnerId(), contact.getVersion(),
				atLeastOne(numberRows, new NumberRow("", "mobile")), 0, atLeastOne(emailRows, new EmailRow("", null)),
				0, true);
	}

	/**
	 * The form after one of its row buttons: {@code add-phone}, {@code remove-phone-2},
	 * {@code add-email}, {@code remove-email-0}. The primary stays on its row; a form
	 * keeps at least one row of each.
	 * @param action the button's value
	 * @return the form to show again, nothing saved
	 */
	ContactForm withRows(String action) {
		List<NumberRow> numberRows = new ArrayList<>(phones);
		List<EmailRow> emailRows = new ArrayList<>(emails);
		int primaryNumber = primaryPhone;
		int primaryAddress = primaryEmail;
		String a = (action != null) ? action : "";
		if (a.equals("add-phone") && numberRows.size() < MAX_ROWS) {
			numberRows.add(new NumberRow("", "mobile"));
		}
		else if (a.equals("add-email") && emailRows.size() < MAX_ROWS) {
			emailRows.add(new EmailRow("", null));
		}
		else if (a.startsWith("remove-phone-")) {
			primaryNumber = remove(numberRows, a.substring("remove-phone-".length()), primaryNumber);
		}
		else if (a.startsWith("remove-email-")) {
			primaryAddress = remove(emailRows, a.substring("remove-email-".length()), primaryAddress);
		}
		return new ContactForm(name, null, null, company, leadStatus, notes, keepName, ownerId, version,
				atLeastOne(numberRows, new NumberRow("", "mobile")), primaryNumber,
				atLeastOne(emailRows, new EmailRow("", null)), primaryAddress, true);
	}

	/** The numbers to save: the rows not left blank, the primary marked. */
	List<PhoneEntry> phoneEntries() {
		List<PhoneEntry> entries = new ArrayList<>();
		for (int i : phoneRows()) {
			entries.add(new PhoneEntry(phones.get(i).number(), phones.get(i).label(), i == primaryPhone));
		}
		return entries;
	}

	/** The row of each entry of {@link #phoneEntries()}, to put its error there. */
	List<Integer> phoneRows() {
		List<Integer> rows = new ArrayList<>();
		for (int i = 0; i < phones.size(); i++) {
			if (!blank(phones.get(i).number())) {
				rows.add(i);
			}
		}
		return rows;
	}

	/** The emails to save: the rows not left blank, the primary marked. */
	List<EmailEntry> emailEntries() {
		List<EmailEntry> entries = new ArrayList<>();
		for (int i = 0; i < emails.size(); i++) {
			if (!blank(emails.get(i).address())) {
				entries.add(new EmailEntry(emails.get(i).address().strip(), emails.get(i).label(), i == primaryEmail));
			}
		}
		return entries;
	}

	/**
	 * The fields in which this input differs from the contact as it is stored now, for
	 * the conflict page.
	 * @param current the stored contact
	 * @param staffNames owner names by id
	 * @param phoneNumbers to tell one number written two ways from two numbers
	 * @return the differing fields, in form order
	 */
	List<Difference> differencesFrom(ContactForm current, Map<Long, String> staffNames, PhoneNumbers phoneNumbers) {
		List<Difference> differences = new ArrayList<>();
		add(differences, "name", name, current.name);
		if (!replacesAll()) {
			// only the primary was sent: compare it with the primary
			PhoneNumbers.Result mine = phoneNumbers.normalize(phone);
			if (!mine.isValid() || !mine.digits().equals(phoneNumbers.normalize(current.phone).digits())) {
				add(differences, "phone", phone, current.phone);
			}
			add(differences, "email", email, current.email);
		}
		else if (!numbers(phoneNumbers).equals(current.numbers(phoneNumbers))) {
			differences.add(new Difference("phone", typed(phoneEntries().stream().map(PhoneEntry::number).toList()),
					typed(current.phoneEntries().stream().map(PhoneEntry::number).toList())));
		}
		if (replacesAll()) {
			add(differences, "email", typed(emailEntries().stream().map(EmailEntry::address).toList()),
					typed(current.emailEntries().stream().map(EmailEntry::address).toList()));
		}
		add(differences, "company", company, current.company);
		add(differences, "leadStatus", (leadStatus != null) ? leadStatus.code() : null,
				(current.leadStatus != null) ? current.leadStatus.code() : null);
		add(differences, "owner", (ownerId != null) ? staffNames.get(ownerId) : null,
				(current.ownerId != null) ? staffNames.get(current.ownerId) : null);
		add(differences, "notes", notes, current.notes);
		return differences;
	}

	/** The numbers as stored (one written two ways is one), the primary first. */
	private List<String> numbers(PhoneNumbers phoneNumbers) {
		List<String> numbers = new ArrayList<>();
		for (PhoneEntry entry : phoneEntries()) {
			PhoneNumbers.Result result = phoneNumbers.normalize(entry.number());
			String number = result.isValid() ? result.digits() : entry.number().strip();
			if (entry.primary()) {
				numbers.add(0, number);
			}
			else {
				numbers.add(number);
			}
		}
		return numbers;
	}

	private static String typed(List<String> values) {
		return values.isEmpty() ? null : String.join(", ", values);
	}

	private static void add(List<Difference> differences, String field, String mine, String current) {
		String a = (mine == null || mine.isBlank()) ? null : mine.strip();
		String b = (current == null || current.isBlank()) ? null : current.strip();
		if (!Objects.equals(a, b)) {
			differences.add(new Difference(field, a, b));
		}
	}

	/** An unticked (or absent) box means the address books may set the name again. */
	public boolean keepsName() {
		return Boolean.TRUE.equals(keepName);
	}

	Contact.ContactDetails details() {
		return new Contact.ContactDetails(name.strip(), blankToNull(email), blankToNull(company), leadStatus,
				blankToNull(notes), ownerId);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}

	/** The primary's row: the one chosen if it is not blank, else the first filled in. */
	private static int primaryRow(Integer chosen, List<String> values) {
		if (chosen != null && chosen >= 0 && chosen < values.size() && !blank(values.get(chosen))) {
			return chosen;
		}
		for (int i = 0; i < values.size(); i++) {
			if (!blank(values.get(i))) {
				return i;
			}
		}
		return 0;
	}

	/** Removes a row; returns where the primary is now. */
	private static int remove(List<?> rows, String index, int primary) {
		int row;
		try {
			row = Integer.parseInt(index);
		}
		catch (NumberFormatException ex) {
			return primary;
		}
		if (row < 0 || row >= rows.size()) {
			return primary;
		}
		rows.remove(row);
		return (row < primary) ? primary - 1 : (row == primary) ? 0 : primary;
	}

	private static <T> List<T> atLeastOne(List<T> rows, T blank) {
		return rows.isEmpty() ? List.of(blank) : List.copyOf(rows);
	}

	/**
	 * One number row.
	 *
	 * @param number as typed
	 * @param label {@code mobile}, {@code work}, {@code home}, {@code main},
	 * {@code other} or a source's own label
	 */
	record NumberRow(@Size(max = 60) String number, @Size(max = Labels.MAX) String label) {

		NumberRow {
			number = CleanText.line(number);
			label = noLabel(CleanText.line(label));
		}

	}

	/**
	 * The form's "no label" choice sends an empty label: none, not a label of its own
	 * whose text is empty.
	 */
	private static String noLabel(String label) {
		return (label == null || label.isBlank()) ? null : label;
	}

	/**
	 * One email row.
	 *
	 * @param address the address
	 * @param label {@code work}, {@code home}, {@code other} or a source's own label
	 */
	record EmailRow(@Email @Size(max = 320) String address, @Size(max = Labels.MAX) String label) {

		EmailRow {
			address = CleanText.line(address);
			label = noLabel(CleanText.line(label));
		}

	}

	/**
	 * One field of a stale edit: what the person typed and what is stored now.
	 *
	 * @param field {@code name}, {@code phone}, {@code email}, {@code company},
	 * {@code leadStatus} (values are status codes), {@code owner} (names) or
	 * {@code notes}
	 * @param mine their input, {@code null} if empty
	 * @param current the stored value, {@code null} if empty
	 */
	record Difference(String field, String mine, String current) {
	}

}
