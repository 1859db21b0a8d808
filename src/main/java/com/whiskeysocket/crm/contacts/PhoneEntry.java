package com.whiskeysocket.crm.contacts;

/**
 * A number as a person gives it in a form or the API.
 *
 * @param number as typed ({@code 0812-3456-7890}, {@code +62 812…})
 * @param label {@code mobile}, {@code work}… or {@code null}
 * @param primary whether it is to be the primary number
 */
public record PhoneEntry(String number, String label, boolean primary) {

}
