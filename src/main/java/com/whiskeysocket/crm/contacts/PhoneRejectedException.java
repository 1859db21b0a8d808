package com.whiskeysocket.crm.contacts;

/**
 * A phone number a contact cannot have: not a number, or already another contact's
 * ({@link #ownerId()}).
 */
public class PhoneRejectedException extends RuntimeException {

	private final String messageCode;

	private final String owner;

	private final Long ownerId;

	private final String number;

	private final int index;

	private PhoneRejectedException(String messageCode, String owner, Long ownerId, String number, int index) {
		super(messageCode);
		this.messageCode = messageCode;
		this.owner = owner;
		this.ownerId = ownerId;
		this.number = number;
		this.index = index;
	}

	static PhoneRejectedException rejected(PhoneNumbers.Rejection rejection) {
		return new PhoneRejectedException(
				(rejection == PhoneNumbers.Rejection.MISSING) ? "contact.phone.missing" : "contact.phone.invalid", null,
				null, null, 0);
	}

	static PhoneRejectedException duplicate(String owner, Long ownerId) {
		return new PhoneRejectedException("contact.phone.duplicate", owner, ownerId, null, 0);
	}

	/** The same rejection, of the number at a place in a list. */
	PhoneRejectedException at(int index, String number) {
		PhoneRejectedException located = new PhoneRejectedException(messageCode, owner, ownerId, number, index);
		if (getCause() != null) {
			located.initCause(getCause());
		}
		return located;
	}

	/** Whether the number is another contact's (else it is missing or not a number). */
	public boolean isDuplicate() {
		return "contact.phone.duplicate".equals(messageCode);
	}

	/**
	 * The message key: {@code contact.phone.missing}, {@code contact.phone.invalid} or
	 * {@code contact.phone.duplicate} (with the owner's name as argument).
	 */
	public String messageCode() {
		return messageCode;
	}

	/** The name of the contact that already has the number, for duplicates. */
	public String owner() {
		return owner;
	}

	/**
	 * The id of the contact that already has the number, for duplicates (may be
	 * {@code null} if it was deleted meanwhile).
	 */
	public Long ownerId() {
		return ownerId;
	}

	/** The number as given, when a list of numbers was checked. */
	public String number() {
		return number;
	}

	/** The number's place in the list given (0 for the first or only one). */
	public int index() {
		return index;
	}

}
