package com.whiskeysocket.crm.contacts;

import java.time.Instant;
import java.util.List;

/**
 * Everything the contact's own page shows.
 *
 * @param id the contact id
 * @param name the name
 * @param phone normalized digits, as {@code wa.me} and {@code tel:} links need them
 * @param displayPhone the number in international format
 * @param email may be {@code null}
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
 * @param sources the address books that have it
 * @param notes the timeline, newest first
 */
record ContactView(long id, String name, String phone, String displayPhone, String email, String company, Source source,
		LeadStatus leadStatus, Long ownerId, String ownerName, String background, boolean nameEdited,
		boolean noLongerInOutlook, Instant createdAt, Instant updatedAt, List<SourceView> sources,
		List<ContactNote> notes) {

	public String sourceCode() {
		return source.code();
	}

	public String leadStatusCode() {
		return leadStatus.code();
	}

	/**
	 * One address book that has the contact.
	 *
	 * @param providerCode {@code outlook}, {@code google} or {@code whatsapp}
	 * @param staffName whose address book
	 * @param firstSeen when a sync first brought it
	 * @param lastSeen when a sync last saw it
	 */
	record SourceView(String providerCode, String staffName, Instant firstSeen, Instant lastSeen) {
	}

}
