package com.whiskeysocket.crm.contacts;

import java.util.List;

import com.whiskeysocket.crm.text.CleanText;

/**
 * One contact as a source delivers it, already mapped from the source's API, with every
 * number and email it has and their labels. Its texts are cleaned as typed ones are
 * ({@link CleanText}): a name with a right-to-left override or only zero-width characters
 * is not stored as such.
 *
 * @param externalId the source's id of the contact (Outlook id, Google
 * {@code resourceName}, WhatsApp JID or LID)
 * @param displayName the display name, may be blank
 * @param givenName may be blank
 * @param surname may be blank
 * @param company may be blank
 * @param emails every email address with its label, the preferred first
 * @param phones every number as the source has it, with its label, in order of preference
 * (for Outlook: mobile, business, home); the first valid one is the contact's primary
 * when the contact is new
 * @param changeKey the source's version of the contact, may be {@code null}
 * @param folderId the folder the contact is in, may be {@code null}
 */
public record IncomingContact(String externalId, String displayName, String givenName, String surname, String company,
		List<LabeledValue> emails, List<LabeledValue> phones, String changeKey, String folderId) {

	static final int MAX_NAME = 500;

	static final int MAX_EMAIL = Emails.MAX;

	static final int MAX_COMPANY = 255;

	public IncomingContact {
		emails = (emails != null) ? emails.stream().filter((e) -> e != null && e.value() != null).toList() : List.of();
		phones = (phones != null) ? phones.stream().filter((p) -> p != null && p.value() != null).toList() : List.of();
	}

	/**
	 * A contact with one email at most and unlabelled numbers.
	 * @param externalId the source's id
	 * @param displayName may be blank
	 * @param givenName may be blank
	 * @param surname may be blank
	 * @param company may be blank
	 * @param email an email address, may be {@code null}
	 * @param phones numbers in order of preference
	 * @param changeKey may be {@code null}
	 * @param folderId may be {@code null}
	 * @return the contact
	 */
	public static IncomingContact simple(String externalId, String displayName, String givenName, String surname,
			String company, String email, List<String> phones, String changeKey, String folderId) {
		return new IncomingContact(externalId, displayName, givenName, surname, company,
				(email != null) ? List.of(LabeledValue.of(email)) : List.of(), LabeledValue.all(phones), changeKey,
				folderId);
	}

	/**
	 * A contact of a staff member's WhatsApp, as the gateway sends it. Its name is the
	 * address-book name (as saved on the phone), else the verified business name, else
	 * the push name the contact chose; with none of them the merge uses the formatted
	 * number. A contact known only by a LID ({@code …@lid}, no phone) is kept as a person
	 * without a number.
	 * @param jid the WhatsApp id ({@code 6281234567890@s.whatsapp.net} or
	 * {@code 123456789@lid})
	 * @param phone the number in E.164 digits, without {@code +}; {@code null} for a LID
	 * without a known number
	 * @param name the phone's address-book name, may be blank
	 * @param verifiedName the verified business name, may be blank
	 * @param pushName the name the contact set in WhatsApp, may be blank
	 * @return the contact, ready for the merge
	 */
	public static IncomingContact whatsApp(String jid, String phone, String name, String verifiedName,
			String pushName) {
		String best = firstNonBlank(name, verifiedName, pushName);
		String raw = (phone == null || phone.isBlank()) ? null : (phone.startsWith("+") ? phone : "+" + phone);
		return new IncomingContact(jid, best, null, null, null, null,
				(raw != null) ? List.of(new LabeledValue(raw, "mobile")) : List.of(), null, null);
	}

	/** Whether this is a WhatsApp contact known only by a LID. */
	boolean isLid() {
		return externalId != null && externalId.endsWith("@lid");
	}

	/** The first email address as given, or {@code null}. */
	public String email() {
		return emails.isEmpty() ? null : emails.get(0).value();
	}

	/** The numbers alone, as given, in order. */
	public List<String> rawPhones() {
		return LabeledValue.values(phones);
	}

	/**
	 * displayName, else given name + surname, else company, else email, else the fallback
	 * (computed only then); never blank.
	 */
	String name(java.util.function.Supplier<String> fallback) {
		String name = firstNonBlank(CleanText.line(displayName), join(givenName, surname), CleanText.line(company),
				CleanText.line(email()));
		return limit(((name != null) ? name : fallback.get()).strip(), MAX_NAME);
	}

	/** The first valid email address, cleaned, or {@code null}. */
	String normalizedEmail() {
		List<LabeledValue> all = normalizedEmails();
		return all.isEmpty() ? null : all.get(0).value();
	}

	/** Every valid email address, cleaned, each once (by its key), labels normalized. */
	List<LabeledValue> normalizedEmails() {
		java.util.Map<String, LabeledValue> byKey = new java.util.LinkedHashMap<>();
		for (LabeledValue email : emails) {
			String clean = Emails.clean(email.value());
			if (Emails.looksValid(clean)) {
				byKey.putIfAbsent(Emails.key(clean), new LabeledValue(clean, Labels.normalize(email.label())));
			}
		}
		return List.copyOf(byKey.values());
	}

	String normalizedCompany() {
		String clean = CleanText.line(company);
		return (clean == null || clean.isEmpty()) ? null : limit(clean, MAX_COMPANY);
	}

	private static String join(String given, String surname) {
		String joined = ((given != null) ? CleanText.line(given) : "") + " "
				+ ((surname != null) ? CleanText.line(surname) : "");
		return joined.strip();
	}

	private static String firstNonBlank(String... values) {
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return null;
	}

	/** Cuts at a code point, never inside a surrogate pair. */
	static String limit(String text, int codePoints) {
		return (text.codePointCount(0, text.length()) <= codePoints) ? text
				: text.substring(0, text.offsetByCodePoints(0, codePoints));
	}

}
