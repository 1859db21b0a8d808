package com.whiskeysocket.crm.outlook;

/** Why a staff member's Outlook cannot be used right now. */
public class OutlookConnectionException extends RuntimeException {

	private final Reason reason;

	OutlookConnectionException(Reason reason) {
		super(reason.name());
		this.reason = reason;
	}

	OutlookConnectionException(Reason reason, Throwable cause) {
		super(reason.name(), cause);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

	/** The cases a caller tells apart. */
	public enum Reason {

		/** No client id or no encryption key. */
		NOT_CONFIGURED,

		/** This staff member never connected, or disconnected. */
		NOT_CONNECTED,

		/** Microsoft refused the stored grant: the staff member must connect again. */
		REAUTHORIZATION_REQUIRED,

		/**
		 * Microsoft's token endpoint failed or timed out; the stored tokens are
		 * untouched.
		 */
		MICROSOFT_UNAVAILABLE

	}

}
