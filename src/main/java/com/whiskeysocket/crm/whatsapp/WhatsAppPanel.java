package com.whiskeysocket.crm.whatsapp;

import java.time.Instant;
import java.util.Optional;

import com.whiskeysocket.crm.contacts.PhoneNumbers;
import com.whiskeysocket.crm.staff.StaffPrincipal;
import com.whiskeysocket.crm.whatsapp.WhatsAppLink.State;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * What the WhatsApp part of the sync panel shows for the signed-in staff member, and only
 * their own link. Templates call it as {@code @whatsappPanel.current()}.
 */
@Component("whatsappPanel")
public class WhatsAppPanel {

	private final WhatsAppLinkService links;

	private final PhoneNumbers phoneNumbers;

	WhatsAppPanel(WhatsAppLinkService links, PhoneNumbers phoneNumbers) {
		this.links = links;
		this.phoneNumbers = phoneNumbers;
	}

	public View current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!links.configured()) {
			return new View(false, "none", null, null, null);
		}
		if (authentication != null && authentication.getPrincipal() instanceof StaffPrincipal staff) {
			return view(staff.id());
		}
		return new View(true, "none", null, null, null);
	}

	View view(long staffId) {
		if (!links.configured()) {
			return new View(false, "none", null, null, null);
		}
		Optional<WhatsAppLink> link = links.link(staffId);
		if (link.isEmpty()) {
			return new View(true, "none", null, null, null);
		}
		WhatsAppLink l = link.get();
		String phone = (l.phone() != null) ? phoneNumbers.display(l.phone()) : null;
		return new View(true, l.state().code(), phone, l.name(), l.reason());
	}

	/**
	 * When the QR shown now arrived, as a version for the image URL; {@code null} if
	 * none.
	 */
	Long qrVersion(long staffId) {
		return links.link(staffId)
			.filter((l) -> l.state() == State.QR && l.qrAt() != null)
			.filter((l) -> links.currentQr(staffId).isPresent())
			.map(WhatsAppLink::qrAt)
			.map(Instant::toEpochMilli)
			.orElse(null);
	}

	/**
	 * The panel's state.
	 *
	 * @param configured whether {@code WA_GATEWAY_URL} is set
	 * @param state {@code none}, {@code requested}, {@code qr}, {@code linked},
	 * {@code logged_out} or {@code error}
	 * @param phone the linked number, formatted ({@code +62 812-3456-7890})
	 * @param name the linked account's name, may be {@code null}
	 * @param reason why the link ended, may be {@code null}
	 */
	public record View(boolean configured, String state, String phone, String name, String reason) {

		public boolean linked() {
			return "linked".equals(state);
		}

		public boolean linking() {
			return "requested".equals(state) || "qr".equals(state);
		}

		public boolean failed() {
			return "error".equals(state);
		}

	}

}
