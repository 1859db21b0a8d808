package com.whiskeysocket.crm.contacts;

import java.util.List;

/**
 * One phone number of a contact ({@code contact_phones}).
 *
 * @param digits E.164 digits without {@code +} ({@code 6281234567890}); unique across
 * contacts
 * @param label {@code mobile}, {@code work}, {@code home}, {@code main}, {@code other},
 * the source's own label text, or {@code null}
 * @param primary whether it is the contact's primary number (the one the list shows,
 * {@code wa.me} uses and {@code contacts.phone} holds)
 * @param sources what knows it
 */
public record ContactPhone(String digits, String label, boolean primary, List<KnownBy> sources) {

	public ContactPhone {
		sources = (sources != null) ? List.copyOf(sources) : List.of();
	}

	/** The number as {@code +6281234567890}. */
	public String e164() {
		return "+" + digits;
	}

}
