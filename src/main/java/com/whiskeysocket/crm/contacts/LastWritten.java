package com.whiskeysocket.crm.contacts;

/**
 * What the CRM last wrote into a staff member's address book for one of its entries (the
 * write-back's copy): the base of the field-by-field merge when a sync reads that entry
 * back changed. A field the address book changed since and the CRM did not takes the
 * address book's value; one the CRM changed and the address book did not keeps the CRM's;
 * changed on both, the CRM's wins if a person typed it, else the address book's, and the
 * one that lost goes to {@link LostValues}.
 *
 * @param contactId the contact the copy was written from
 * @param name the name written (given and family names as one line)
 * @param company the company written, or {@code null}
 * @param typed whether a change a person typed in the CRM (a page, the contacts API) is
 * still waiting to be written there
 */
public record LastWritten(long contactId, String name, String company, boolean typed) {

}
