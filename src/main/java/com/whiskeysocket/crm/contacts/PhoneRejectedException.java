package com.whiskeysocket.crm.contacts;

/** A phone number a contact cannot have: not a number, or already another contact's. */
class PhoneRejectedException extends RuntimeException {

	private final String messageCode;

	private final String owner;

	private final Long ownerId;

	private PhoneRejectedException(String messageCode, String owner, Long ownerId) {
		super(messageCode);
		this.messageCode = messageCode;
		this.owner = owner;
		this.ownerId = ownerId;
	}

	static PhoneRejectedException rejected(PhoneNumbers.Rejection rejection) {
		return new PhoneRejectedException(
				(rejection == PhoneNumbers.Rejection.MISSING) ? "contact.phone.missing" : "contact.phone.invalid", null,
				null);
	}

	static PhoneRejectedException duplicate(String owner, Long ownerId) {
		return new PhoneRejectedException("contact.phone.duplicate", owner, ownerId);
	}

	String messageCode() {
		return messageCode;
	}

	/** The name of the contact that already has the number, for duplicates. */
	String owner() {
		return owner;
	}

	/** The id of the contact that already has the number, for duplicates. */
	Long ownerId() {
		return ownerId;
	}

}
