package com.whiskeysocket.crm.contacts;

/**
 * An email address as a person gives it in a form or the API.
 *
 * @param address as typed
 * @param label {@code work}, {@code home}… or {@code null}
 * @param primary whether it is to be the primary address
 */
public record EmailEntry(String address, String label, boolean primary) {

}
