package com.whiskeysocket.crm.sync;

/**
 * A write into an address book that did not happen, with a stable code for the panel and
 * the API ({@code google_throttled}, {@code write_consent_required}…), never the
 * provider's text.
 */
public class AddressBookException extends RuntimeException {

	/** The connection lacks the write scope (consent withdrawn or never given). */
	public static final String CONSENT_REQUIRED = "write_consent_required";

	private final String code;

	private final boolean retryable;

	/**
	 * @param code the stable code
	 * @param retryable whether trying again later may work (429, 5xx, timeouts)
	 * @param cause the provider's error, or {@code null}
	 */
	public AddressBookException(String code, boolean retryable, Throwable cause) {
		super(code, cause);
		this.code = code;
		this.retryable = retryable;
	}

	/** The stable code. */
	public String code() {
		return code;
	}

	/** Whether trying again later may work. */
	public boolean retryable() {
		return retryable;
	}

	/** Whether the staff member must give the write consent again. */
	public boolean consentRequired() {
		return CONSENT_REQUIRED.equals(code);
	}

}
