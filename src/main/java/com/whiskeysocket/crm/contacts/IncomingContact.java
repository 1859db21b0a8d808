package com.whiskeysocket.crm.contacts;

import java.util.List;

import com.whiskeysocket.crm.text.CleanText;

/**
 * One contact as a provider's sync delivers it, already mapped from the provider's API.
 * Its texts are cleaned as typed ones are ({@link CleanText}): a name with a
 * right-to-left override or only zero-width characters is not stored as such.
 *
 * @param externalId the provider's id of the contact
 * @param displayName the display name, may be blank
 * @param givenName may be blank
 * @param surname may be blank
 * @param company may be blank
 * @param email the first email address, may be blank
 * @param phones the phone numbers in order of preference (for Outlook: mobile, business,
 * home), as the provider has them
 * @param changeKey the provider's version of the contact, may be {@code null}
 * @param folderId the folder the contact is in, may be {@code null}
 */
public record IncomingContact(String externalId, String displayName, String givenName, String surname, String company,
		String email, List<String> phones, String changeKey, String folderId) {

	static final int MAX_NAME = 500;

	/**
	 * A contact of a staff member's WhatsApp, as the gateway sends it. Its name is the
	 * address-book name (as saved on the phone), else the verified business name, else
	 * the push name the contact chose; with none of them {@link ContactImport} uses the
	 * formatted number.
	 * @param jid the WhatsApp id ({@code 6281234567890@s.whatsapp.net})
	 * @param phone the number in E.164 digits, without {@code +}
	 * @param name the phone's address-book name, may be blank
	 * @param verifiedName the verified business name, may be blank
	 * @param pushName the name the contact set in WhatsApp, may be blank
	 * @return the contact, ready for {@link ContactImport}
	 */
	public static IncomingContact whatsApp(String jid, String phone, String name, String verifiedName,
			String pushName) {
		String best = firstNonBlank(name, verifiedName, pushName);
		String raw = (phone == null || phone.isBlank()) ? null : (phone.startsWith("+") ? phone : "+" + phone);
		return new IncomingContact(jid, best, null, null, null, null, (raw != null) ? List.of(raw) : List.of(), null,
				null);
	}

	static final int MAX_EMAIL = 320;

	static final int MAX_COMPANY = 255;

	/**
	 * displayName, else given name + surname, else company, else email, else the fallback
	 * (computed only then); never blank.
	 */
	String name(java.util.function.Supplier<String> fallback) {
		String name = firstNonBlank(CleanText.line(displayName), join(givenName, surname), CleanText.line(company),
				CleanText.line(email));
		return limit(((name != null) ? name : fallback.get()).strip(), MAX_NAME);
	}

	String normalizedEmail() {
		String clean = CleanText.line(email);
		return (clean == null || clean.isEmpty() || clean.length() > MAX_EMAIL) ? null : clean;
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
