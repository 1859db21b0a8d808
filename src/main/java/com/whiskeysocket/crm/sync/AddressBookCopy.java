package com.whiskeysocket.crm.sync;

/**
 * A person in one staff member's address book as the provider has it now.
 *
 * @param externalId the provider's id (Google {@code resourceName}, Graph contact id)
 * @param etag the provider's version (Google {@code etag}, Graph {@code changeKey})
 * @param entry its values
 * @param inOurGroup whether it is in the CRM's group or folder
 */
public record AddressBookCopy(String externalId, String etag, AddressBookEntry entry, boolean inOurGroup) {

}
