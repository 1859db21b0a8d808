package com.whiskeysocket.crm.contacts;

/**
 * Whose a person is and how far along: what decides which staff members' address books it
 * is written into.
 *
 * @param id the contact
 * @param ownerId the owning staff member, or {@code null}
 * @param status the lead status
 */
public record PersonScope(long id, Long ownerId, LeadStatus status) {

}
