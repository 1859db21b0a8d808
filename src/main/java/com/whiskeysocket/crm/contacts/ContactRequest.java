package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import com.whiskeysocket.crm.text.CleanText;

import org.springframework.context.MessageSourceResolvable;

/**
 * A {@code POST} or {@code PATCH} body of the contacts API, read field by field so that a
 * field left out is told from one sent as {@code null}, and every wrong field is named at
 * once. Text is cleaned as the forms clean it; numbers are checked and normalized later,
 * with the rest of the rules ({@link ContactApiService}).
 *
 * @param given the fields the body has
 * @param name the name, cleaned
 * @param phones the numbers as sent, labels cleaned
 * @param emails the addresses, cleaned
 * @param company {@code null} to clear it
 * @param leadStatus the status
 * @param owner a username, {@code null} for nobody
 * @param readErrors the fields of the wrong type, unknown or read-only, reported with
 * those that break a rule
 */
record ContactRequest(Set<Field> given, String name, List<ContactJson.PhoneInput> phones,
		List<ContactJson.EmailInput> emails, String company, LeadStatus leadStatus, String owner,
		Map<String, MessageSourceResolvable> readErrors) {

	/** The fields a body may change. */
	enum Field {

		NAME, PHONES, EMAILS, COMPANY, LEAD_STATUS, OWNER

	}

	/** A contact read before may be sent back whole: these fields are ignored. */
	private static final Set<String> READ_ONLY = Set.of("id", "phone", "sources", "identities", "version", "createdAt",
			"updatedAt");

	static final int MAX_NUMBERS = 50;

	static final int MAX_EMAILS = 50;

	boolean gives(Field field) {
		return given.contains(field);
	}

	/**
	 * Reads a body.
	 * @param body the parsed JSON
	 * @return what it asks for, with the fields of the wrong type or unknown
	 * @throws InvalidContactException if the body is not an object
	 */
	static ContactRequest read(JsonNode body) {
		InvalidContactException.Errors errors = new InvalidContactException.Errors();
		if (body == null || !body.isObject()) {
			errors.reject("body", "contact.api.notObject");
			errors.throwIfAny();
		}
		Set<Field> given = EnumSet.noneOf(Field.class);
		String name = null;
		String company = null;
		String owner = null;
		LeadStatus leadStatus = null;
		List<ContactJson.PhoneInput> phones = null;
		List<ContactJson.EmailInput> emails = null;
		for (Map.Entry<String, JsonNode> property : body.properties()) {
			String field = property.getKey();
			JsonNode value = property.getValue();
			switch (field) {
				case "name" -> {
					given.add(Field.NAME);
					name = CleanText.line(text(value, field, errors));
				}
				case "company" -> {
					given.add(Field.COMPANY);
					company = blankToNull(CleanText.line(text(value, field, errors)));
				}
				case "owner" -> {
					given.add(Field.OWNER);
					owner = blankToNull(CleanText.line(text(value, field, errors)));
				}
				case "leadStatus" -> {
					given.add(Field.LEAD_STATUS);
					leadStatus = LeadStatus.parse(text(value, field, errors)).orElse(null);
					if (leadStatus == null) {
						errors.reject(field, "contact.api.leadStatus");
					}
				}
				case "phones" -> {
					given.add(Field.PHONES);
					phones = phones(value, errors);
				}
				case "emails" -> {
					given.add(Field.EMAILS);
					emails = emails(value, errors);
				}
				default -> {
					if (!READ_ONLY.contains(field)) {
						errors.reject(field, "contact.api.unknownField");
					}
				}
			}
		}
		if (body.has("phone") && !body.has("phones")) {
			// "phone" alone looks like a change of number that would be silently ignored
			errors.reject("phone", "contact.api.phoneReadOnly");
		}
		return new ContactRequest(given, name, phones, emails, company, leadStatus, owner, errors.all());
	}

	private static List<ContactJson.PhoneInput> phones(JsonNode value, InvalidContactException.Errors errors) {
		List<ContactJson.PhoneInput> phones = new ArrayList<>();
		if (!value.isArray()) {
			errors.reject("phones", "contact.api.notList");
			return phones;
		}
		if (value.size() > MAX_NUMBERS) {
			errors.reject("phones", "contact.api.tooMany", MAX_NUMBERS);
			return phones;
		}
		for (int i = 0; i < value.size(); i++) {
			String at = "phones[" + i + "]";
			JsonNode item = value.get(i);
			if (item.isString()) {
				// a plain number is a number without a label
				phones.add(new ContactJson.PhoneInput(item.stringValue(), null, false));
				continue;
			}
			if (!item.isObject()) {
				errors.reject(at, "contact.api.notObject");
				continue;
			}
			unknownFields(item, at, Set.of("number", "label", "primary", "sources"), errors);
			phones.add(new ContactJson.PhoneInput(text(item.get("number"), at + ".number", errors),
					blankToNull(CleanText.line(text(item.get("label"), at + ".label", errors))),
					flag(item.get("primary"), at + ".primary", errors)));
		}
		return phones;
	}

	private static List<ContactJson.EmailInput> emails(JsonNode value, InvalidContactException.Errors errors) {
		List<ContactJson.EmailInput> emails = new ArrayList<>();
		if (value.isNull()) {
			return emails;
		}
		if (!value.isArray()) {
			errors.reject("emails", "contact.api.notList");
			return emails;
		}
		if (value.size() > MAX_EMAILS) {
			errors.reject("emails", "contact.api.tooMany", MAX_EMAILS);
			return emails;
		}
		for (int i = 0; i < value.size(); i++) {
			String at = "emails[" + i + "]";
			JsonNode item = value.get(i);
			if (item.isString()) {
				emails.add(new ContactJson.EmailInput(CleanText.line(item.stringValue()), null, false));
				continue;
			}
			if (!item.isObject()) {
				errors.reject(at, "contact.api.notObject");
				continue;
			}
			unknownFields(item, at, Set.of("address", "label", "primary"), errors);
			emails.add(new ContactJson.EmailInput(CleanText.line(text(item.get("address"), at + ".address", errors)),
					blankToNull(CleanText.line(text(item.get("label"), at + ".label", errors))),
					flag(item.get("primary"), at + ".primary", errors)));
		}
		return emails;
	}

	private static void unknownFields(JsonNode item, String at, Set<String> known,
			InvalidContactException.Errors errors) {
		for (String name : item.propertyNames()) {
			if (!known.contains(name)) {
				errors.reject(at + "." + name, "contact.api.unknownField");
			}
		}
	}

	/** A string, or {@code null} for a missing or {@code null} value. */
	private static String text(JsonNode value, String field, InvalidContactException.Errors errors) {
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			errors.reject(field, "contact.api.notText");
			return null;
		}
		return value.stringValue();
	}

	private static boolean flag(JsonNode value, String field, InvalidContactException.Errors errors) {
		if (value == null || value.isNull()) {
			return false;
		}
		if (!value.isBoolean()) {
			errors.reject(field, "contact.api.notBoolean");
			return false;
		}
		return value.booleanValue();
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
