package com.whiskeysocket.crm.whatsapp;

import java.time.Instant;
import java.util.Optional;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.whatsapp.WhatsAppException.Reason;
import com.whiskeysocket.crm.whatsapp.WhatsAppLink.State;

import org.springframework.stereotype.Service;

/**
 * Link and unlink a staff member's own WhatsApp through the gateway. The link's progress
 * (QR, linked, logged out) arrives as webhooks; this only asks and records the request.
 */
@Service
class WhatsAppLinkService {

	private final WhatsAppProperties properties;

	private final WhatsAppLinks links;

	private final GatewayClient gateway;

	private final AuditLog audit;

	WhatsAppLinkService(WhatsAppProperties properties, WhatsAppLinks links, GatewayClient gateway, AuditLog audit) {
		this.properties = properties;
		this.links = links;
		this.gateway = gateway;
		this.audit = audit;
	}

	boolean configured() {
		return properties.configured();
	}

	Optional<WhatsAppLink> link(long staffId) {
		return links.find(staffId);
	}

	/**
	 * Asks the gateway to link: the request is recorded first, so the webhooks it causes
	 * are accepted.
	 * @throws WhatsAppException if WhatsApp is not configured or the gateway does not
	 * answer (the link is then in {@code error})
	 */
	void requestLink(long staffId) {
		if (!properties.configured()) {
			throw new WhatsAppException(Reason.NOT_CONFIGURED);
		}
		links.request(staffId);
		try {
			gateway.link(staffId);
		}
		catch (WhatsAppException ex) {
			links.ended(staffId, State.ERROR, "gateway_unavailable");
			throw ex;
		}
		audit.record("whatsapp.link-requested", "whatsapp", null);
	}

	/**
	 * Unlinks: the gateway logs the device out (the phone drops it) and deletes its
	 * state. Contacts already merged stay.
	 */
	void unlink(long staffId) {
		if (!properties.configured()) {
			throw new WhatsAppException(Reason.NOT_CONFIGURED);
		}
		gateway.unlink(staffId);
		if (links.find(staffId).isPresent()) {
			links.ended(staffId, State.LOGGED_OUT, "unlinked");
		}
		audit.record("whatsapp.unlinked", "whatsapp", null);
	}

	/** The QR to show now: the last one, while it is fresh and not yet scanned. */
	Optional<String> currentQr(long staffId) {
		return links.find(staffId)
			.filter((link) -> link.state() == State.QR && link.qr() != null && link.qrAt() != null)
			.filter((link) -> link.qrAt().plus(properties.qrLifetime()).isAfter(Instant.now()))
			.map(WhatsAppLink::qr);
	}

}
