package com.whiskeysocket.crm.whatsapp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import com.whiskeysocket.crm.whatsapp.WhatsAppEvents.MalformedEventException;

/**
 * The data of a {@code contacts.batch} webhook: {@code contacts} (each with a phone, a
 * LID or both, and names), {@code mappings} (LID ↔ phone pairs the gateway learned), the
 * count of contacts it holds back ({@code withoutPhone}: known only by a LID and without
 * any name) and, during a resync, which batch of which request this is. A gateway from
 * before LIDs were sent has neither {@code lid} nor {@code mappings}: the batch reads as
 * before.
 *
 * @param contacts the contacts, at most {@value WhatsAppEvents#MAX_BATCH}
 * @param mappings every LID ↔ phone pair of the batch (its {@code mappings} and the
 * contacts that carry both), one per LID, the last one winning
 * @param withoutPhone contacts the gateway counts and does not send
 * @param requestId the resync's request id, or {@code null} for live changes
 * @param batches how many batches the resync has
 */
record ContactsBatch(List<WhatsAppContact> contacts, List<LidMapping> mappings, int withoutPhone, String requestId,
		int batches) {

	private static final Pattern LID = Pattern.compile("([0-9]{1,24})(?::[0-9]+)?@lid");

	private static final Pattern PHONE = Pattern.compile("\\+?([0-9]{6,16})");

	private static final Pattern PHONE_JID = Pattern.compile("([1-9][0-9]{5,15})(?::[0-9]+)?@s\\.whatsapp\\.net");

	static ContactsBatch parse(JsonNode data) {
		JsonNode list = data.path("contacts");
		if (!list.isArray() || list.size() > WhatsAppEvents.MAX_BATCH) {
			throw new MalformedEventException("contacts must be an array of at most " + WhatsAppEvents.MAX_BATCH);
		}
		JsonNode pairs = data.path("mappings");
		if (!pairs.isMissingNode() && !pairs.isNull()
				&& (!pairs.isArray() || pairs.size() > WhatsAppEvents.MAX_BATCH)) {
			throw new MalformedEventException("mappings must be an array of at most " + WhatsAppEvents.MAX_BATCH);
		}
		Map<String, LidMapping> mappings = new LinkedHashMap<>();
		for (JsonNode pair : pairs.isArray() ? pairs : List.<JsonNode>of()) {
			if (!pair.isObject()) {
				throw new MalformedEventException("a mapping must be an object");
			}
			String lid = lid(WhatsAppEvents.text(pair, "lid", 64));
			String phone = phone(WhatsAppEvents.text(pair, "phone", 20), WhatsAppEvents.text(pair, "jid", 255));
			if (lid != null && phone != null) {
				mappings.put(lid, new LidMapping(lid, phone));
			}
		}
		List<WhatsAppContact> contacts = new ArrayList<>(list.size());
		for (JsonNode contact : list) {
			if (!contact.isObject()) {
				throw new MalformedEventException("a contact must be an object");
			}
			String phone = phone(WhatsAppEvents.text(contact, "phone", 20), WhatsAppEvents.text(contact, "jid", 255));
			String lid = lid(WhatsAppEvents.text(contact, "lid", 64));
			contacts.add(new WhatsAppContact(phone, lid, WhatsAppEvents.text(contact, "name", 500),
					WhatsAppEvents.text(contact, "verifiedName", 500), WhatsAppEvents.text(contact, "notify", 500)));
			if (phone != null && lid != null) {
				mappings.put(lid, new LidMapping(lid, phone));
			}
		}
		JsonNode resync = data.path("resync");
		String requestId = resync.isObject() ? WhatsAppEvents.text(resync, "requestId", 100) : null;
		return new ContactsBatch(contacts, new ArrayList<>(mappings.values()),
				Math.max(0, data.path("withoutPhone").asInt(0)), requestId,
				Math.max(1, resync.path("batches").asInt(1)));
	}

	/**
	 * {@code 100000000000009:3@lid} → {@code 100000000000009@lid}; {@code null} if no
	 * LID.
	 */
	static String lid(String text) {
		Matcher lid = (text != null) ? LID.matcher(text) : null;
		return (lid != null && lid.matches()) ? lid.group(1) + "@lid" : null;
	}

	/**
	 * E.164 digits from the phone field, else from the phone JID; {@code null} if none.
	 */
	static String phone(String phone, String jid) {
		Matcher digits = (phone != null) ? PHONE.matcher(phone) : null;
		if (digits != null && digits.matches()) {
			return digits.group(1);
		}
		Matcher fromJid = (jid != null) ? PHONE_JID.matcher(jid) : null;
		return (fromJid != null && fromJid.matches()) ? fromJid.group(1) : null;
	}

	/**
	 * One contact of a staff member's WhatsApp.
	 *
	 * @param phone E.164 digits, or {@code null} if WhatsApp shows only its LID
	 * @param lid its LID ({@code …@lid}, without device), or {@code null}
	 * @param name the phone's address-book name
	 * @param verifiedName the verified business name
	 * @param pushName the push name the contact chose ({@code notify})
	 */
	record WhatsAppContact(String phone, String lid, String name, String verifiedName, String pushName) {

		String jid() {
			return (phone != null) ? phone + "@s.whatsapp.net" : null;
		}

		WhatsAppContact withPhone(String number) {
			return new WhatsAppContact(number, lid, name, verifiedName, pushName);
		}

	}

	/**
	 * A LID and the number WhatsApp revealed for it.
	 *
	 * @param lid {@code …@lid}, without device
	 * @param phone E.164 digits
	 */
	record LidMapping(String lid, String phone) {
	}

}
