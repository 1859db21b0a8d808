package com.whiskeysocket.crm.whatsapp;

import java.time.Instant;
import java.util.Locale;

/**
 * A staff member's WhatsApp link as the CRM knows it from the gateway's webhooks.
 *
 * @param staffId whose
 * @param state where the link is
 * @param phone the linked number (E.164 digits), once linked
 * @param name the linked account's name, may be {@code null}
 * @param qr the last QR payload, while {@code state} is {@code QR}
 * @param qrAt when that QR arrived
 * @param reason why it ended ({@code error}, {@code logged_out}), may be {@code null}
 * @param updatedAt the last change
 */
record WhatsAppLink(long staffId, State state, String phone, String name, String qr, Instant qrAt, String reason,
		Instant updatedAt) {

	enum State {

		/** The CRM asked the gateway to link; no QR yet. */
		REQUESTED,
		/** A QR is waiting to be scanned. */
		QR,
		/** The phone's WhatsApp is linked. */
		LINKED,
		/** Unlinked, here or on the phone. */
		LOGGED_OUT,
		/** Linking failed or the session ended for good ({@code reason}). */
		ERROR;

		String code() {
			return name().toLowerCase(Locale.ROOT);
		}

		static State fromCode(String code) {
			return valueOf(code.toUpperCase(Locale.ROOT));
		}

	}

	boolean linked() {
		return state == State.LINKED;
	}

	/** Whether linking is under way (the page shows the QR or waits for it). */
	boolean linking() {
		return state == State.REQUESTED || state == State.QR;
	}

}
