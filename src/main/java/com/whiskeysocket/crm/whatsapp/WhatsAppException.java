package com.whiskeysocket.crm.whatsapp;

import java.util.Locale;

/**
 * Why WhatsApp could not do what was asked, as a stable code shown in the sync history
 * and the API ({@code whatsapp_not_configured}, {@code whatsapp_gateway_unavailable}…).
 */
class WhatsAppException extends RuntimeException {

	enum Reason {

		/** {@code WA_GATEWAY_URL} is not set. */
		NOT_CONFIGURED,
		/** The staff member's WhatsApp is not linked. */
		NOT_LINKED,
		/** The gateway did not answer, or answered with an error. */
		GATEWAY_UNAVAILABLE,
		/** The resync's last batch did not arrive in time. */
		RESYNC_TIMEOUT;

		String code() {
			return "whatsapp_" + name().toLowerCase(Locale.ROOT);
		}

	}

	private final Reason reason;

	WhatsAppException(Reason reason) {
		super(reason.code());
		this.reason = reason;
	}

	WhatsAppException(Reason reason, Throwable cause) {
		super(reason.code(), cause);
		this.reason = reason;
	}

	Reason reason() {
		return reason;
	}

	String code() {
		return reason.code();
	}

}
