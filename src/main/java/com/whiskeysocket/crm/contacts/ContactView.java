package com.whiskeysocket.crm.contacts;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Everything the contact's own page shows.
 *
 * @param id the contact id
 * @param name the name
 * @param phone the primary number's digits, as {@code wa.me} and {@code tel:} links need
 * them; {@code null} for a WhatsApp contact whose number is hidden
 * @param displayPhone the primary number in international format
 * @param email the primary email, may be {@code null}
 * @param company may be {@code null}
 * @param source where the contact came from
 * @param leadStatus the lead status
 * @param ownerId the staff member it is assigned to, or {@code null}
 * @param ownerName that staff member's name, or {@code null}
 * @param background the free-text notes of the edit form, or {@code null}
 * @param nameEdited whether syncs keep the name
 * @param noLongerInOutlook whether Outlook deleted it
 * @param createdAt when it was added
 * @param updatedAt last change
 * @param sources the contact in each staff member's address book or WhatsApp
 * @param notes the timeline, newest first
 * @param phones every number, the primary first
 * @param emails every email, the primary first
 */
record ContactView(long id, String name, String phone, String displayPhone, String email, String company, Source source,
		LeadStatus leadStatus, Long ownerId, String ownerName, String background, boolean nameEdited,
		boolean noLongerInOutlook, Instant createdAt, Instant updatedAt, List<SourceView> sources,
		List<ContactNote> notes, List<PhoneView> phones, List<EmailView> emails) {

	/**
	 * The labels the pages translate; any other is a source's own text, shown as it is.
	 */
	static final Set<String> KNOWN_LABELS = Set.of("mobile", "work", "home", "main", "other");

	public String sourceCode() {
		return source.code();
	}

	public String leadStatusCode() {
		return leadStatus.code();
	}

	/** Whether WhatsApp knows the person but not their number (a LID only). */
	public boolean numberHidden() {
		return phone == null && sources.stream().anyMatch((s) -> "whatsapp".equals(s.providerCode()));
	}

	/** The message key of a label the pages translate, else {@code null}. */
	static String labelKey(String label) {
		return (label != null && KNOWN_LABELS.contains(label)) ? "label." + label : null;
	}

	/**
	 * One entry of a staff member's address book or WhatsApp that feeds the contact.
	 *
	 * @param providerCode {@code outlook}, {@code google} or {@code whatsapp}
	 * @param staffName whose address book, {@code null} for a former staff member
	 * @param firstSeen when a sync first brought it
	 * @param lastSeen when a sync last saw it
	 */
	record SourceView(String providerCode, String staffName, Instant firstSeen, Instant lastSeen) {
	}

	/**
	 * One number.
	 *
	 * @param digits E.164 digits, for {@code tel:} and {@code wa.me}
	 * @param display in international format
	 * @param label its label, or {@code null}
	 * @param primary whether it is the chat number
	 * @param mobile whether WhatsApp may reach it (a mobile number, or labelled so)
	 * @param knownBy what knows it
	 */
	record PhoneView(String digits, String display, String label, boolean primary, boolean mobile,
			List<KnownByView> knownBy) {

		/** The message key of the label, {@code null} for a source's own label text. */
		public String labelKey() {
			return ContactView.labelKey(label);
		}

	}

	/**
	 * One email address.
	 *
	 * @param address the address
	 * @param label its label, or {@code null}
	 * @param primary whether it is the primary one
	 */
	record EmailView(String address, String label, boolean primary) {

		/** The message key of the label, {@code null} for a source's own label text. */
		public String labelKey() {
			return ContactView.labelKey(label);
		}

	}

	/**
	 * One source that knows a number.
	 *
	 * @param originCode {@code manual}, {@code outlook}, {@code google}, {@code whatsapp}
	 * or {@code import}
	 * @param staffName whose, or {@code null} (typed by hand, or known before the CRM
	 * said whose)
	 */
	record KnownByView(String originCode, String staffName) {
	}

}
