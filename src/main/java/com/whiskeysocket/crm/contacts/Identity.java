package com.whiskeysocket.crm.contacts;

import java.time.Instant;

/**
 * One entry of a staff member's address book or WhatsApp that feeds a contact
 * ({@code contact_links}): an Outlook contact id, a Google {@code resourceName}, a
 * WhatsApp JID or LID. An entry feeds one contact; a contact may have several of one
 * source.
 *
 * @param provider the source
 * @param staffUserId whose address book or WhatsApp
 * @param externalId the source's id of the entry
 * @param changeKey the source's version of the entry, or {@code null}
 * @param folderId the address-book folder, or {@code null}
 * @param firstSeen when a sync first brought it
 * @param lastSeen when a sync last saw it
 */
public record Identity(Provider provider, long staffUserId, String externalId, String changeKey, String folderId,
		Instant firstSeen, Instant lastSeen) {

}
