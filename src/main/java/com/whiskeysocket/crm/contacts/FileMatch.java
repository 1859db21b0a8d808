package com.whiskeysocket.crm.contacts;

/**
 * The CRM contact an imported row would merge with, and whether it would change it.
 *
 * @param contactId the existing contact
 * @param name its name
 * @param changes whether the row fills anything the contact lacks
 */
public record FileMatch(long contactId, String name, boolean changes) {
}
