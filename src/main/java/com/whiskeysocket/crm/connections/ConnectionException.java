package com.whiskeysocket.crm.connections;

/** Why a staff member's connection to a provider cannot be used right now. */
public class ConnectionException extends RuntimeException {

	private final Reason reason;

	ConnectionException(Reason reason) {
		super(reason.name());
		this.reason = reason;
	}

	ConnectionException(Reason reason, Throwable cause) {
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

		/** The provider refused the stored grant: the staff member must connect again. */
		REAUTHORIZATION_REQUIRED,

		/**
		 * The provider's token endpoint failed or timed out; the stored tokens are
		 * untouched.
		 */
		PROVIDER_UNAVAILABLE

	}

}
