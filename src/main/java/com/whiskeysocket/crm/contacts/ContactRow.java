package com.whiskeysocket.crm.contacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One line of the contacts table, ready to render.
 *
 * @param id the contact id
 * @param name the name
 * @param phone normalized digits
 * @param displayPhone the number in international format
 * @param email may be {@code null}
 * @param company may be {@code null}
 * @param source where the contact came from
 * @param leadStatus the lead status
 * @param ownerId the staff member it is assigned to, or {@code null}
 * @param updatedAt last change
 * @param noLongerInOutlook whether Outlook deleted it (the CRM keeps it)
 * @param noLongerInGoogle whether Google deleted it (the CRM keeps it)
 * @param knownTo which of WhatsApp, Google and Outlook know the contact, from its columns
 * and its provenance links
 * @param otherPhones how many numbers the contact has besides the primary (the list shows
 * "+2")
 */
record ContactRow(Long id, String name, String phone, String displayPhone, String email, String company, Source source,
		LeadStatus leadStatus, Long ownerId, Instant updatedAt, boolean noLongerInOutlook, boolean noLongerInGoogle,
		Set<Source> knownTo, int otherPhones) {

	/** A row whose other numbers are not counted (none shown). */
	ContactRow(Long id, String name, String phone, String displayPhone, String email, String company, Source source,
			LeadStatus leadStatus, Long ownerId, Instant updatedAt, boolean noLongerInOutlook, boolean noLongerInGoogle,
			Set<Source> knownTo) {
		this(id, name, phone, displayPhone, email, company, source, leadStatus, ownerId, updatedAt, noLongerInOutlook,
				noLongerInGoogle, knownTo, 0);
	}

	/** The same row, saying how many numbers the contact has besides the primary. */
	ContactRow withOtherPhones(int count) {
		return new ContactRow(id, name, phone, displayPhone, email, company, source, leadStatus, ownerId, updatedAt,
				noLongerInOutlook, noLongerInGoogle, knownTo, count);
	}

	/** The badges to show: each source that knows the contact, in a fixed order. */
	public List<String> badges() {
		List<String> badges = new ArrayList<>();
		for (Source known : List.of(Source.WHATSAPP, Source.GOOGLE, Source.OUTLOOK)) {
			if (knownTo.contains(known)) {
				badges.add(known.code());
			}
		}
		if (source == Source.MANUAL) {
			badges.add(Source.MANUAL.code());
		}
		if (badges.isEmpty()) {
			badges.add(source.code());
		}
		return badges;
	}

	/** Which sources know a contact, as far as its own columns tell. */
	static Set<Source> knownFrom(Source source, String outlookId, String googleId) {
		Set<Source> known = EnumSet.noneOf(Source.class);
		if (source == Source.WHATSAPP || source == Source.BOTH) {
			known.add(Source.WHATSAPP);
		}
		if (source == Source.GOOGLE || googleId != null) {
			known.add(Source.GOOGLE);
		}
		if (source == Source.OUTLOOK || outlookId != null) {
			known.add(Source.OUTLOOK);
		}
		return known;
	}

	ContactRow knownAlsoTo(Set<Source> linked) {
		if (linked.isEmpty()) {
			return this;
		}
		Set<Source> all = EnumSet.noneOf(Source.class);
		all.addAll(knownTo);
		all.addAll(linked);
		return new ContactRow(id, name, phone, displayPhone, email, company, source, leadStatus, ownerId, updatedAt,
				noLongerInOutlook, noLongerInGoogle, Set.copyOf(all), otherPhones);
	}

	public String sourceCode() {
		return source.code();
	}

	public String leadStatusCode() {
		return leadStatus.code();
	}

}
