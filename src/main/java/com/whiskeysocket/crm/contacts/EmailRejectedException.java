package com.whiskeysocket.crm.contacts;

/** An email address a contact cannot have: it is not one. */
public class EmailRejectedException extends RuntimeException {

	private final int index;

	private final String address;

	EmailRejectedException(int index, String address) {
		super("contact.email.invalid");
		this.index = index;
		this.address = address;
	}

	/** The message key, {@code Email} (the form's own message for a bad address). */
	public String messageCode() {
		return "Email";
	}

	/** The address's place in the list given. */
	public int index() {
		return index;
	}

	/** The address as given. */
	public String address() {
		return address;
	}

}
