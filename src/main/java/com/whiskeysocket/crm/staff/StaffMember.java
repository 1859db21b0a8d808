package com.whiskeysocket.crm.staff;

/**
 * A staff account as other modules show it: to pick an owner, to name an author.
 *
 * @param id the account id
 * @param displayName the name shown on pages
 * @param enabled whether the account may sign in
 */
public record StaffMember(long id, String displayName, boolean enabled) {
}
