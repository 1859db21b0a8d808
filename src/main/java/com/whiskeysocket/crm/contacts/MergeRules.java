package com.whiskeysocket.crm.contacts;

import java.util.Objects;

/**
 * The product's merge rules for one incoming address-book contact and the CRM contact
 * with the same phone number. Read this class and you know what a sync does to a contact;
 * its table-driven test is the specification.
 * <ul>
 * <li>no contact with that phone: insert with {@code source = outlook} (added);</li>
 * <li>a WhatsApp contact becomes {@code both}, with the Outlook name and id
 * (merged);</li>
 * <li>a Google contact stays {@code google}, with the Outlook name and id (updated);</li>
 * <li>a contact added by hand ({@code manual}, typed or imported) stays {@code manual}
 * and takes the Outlook id (merged the first time, then updated or unchanged); its name
 * is replaced only if staff allowed it (names typed or imported are kept);</li>
 * <li>an {@code outlook} or {@code both} contact takes the Outlook name (updated, or
 * unchanged when nothing differs);</li>
 * <li>in every case email and company are filled only where the CRM has none, and a name
 * staff edited by hand is kept;</li>
 * <li>a contact whose Outlook id belongs to another staff member's address book is only
 * linked, so two mailboxes never take turns renaming it.</li>
 * </ul>
 * A Google contact, by {@link #google}:
 * <ul>
 * <li>no contact with that phone: insert with {@code source = google} (added);</li>
 * <li>a WhatsApp contact becomes {@code both}, with Google's name and id (merged);</li>
 * <li>an Outlook-only contact becomes {@code google} (as Outlook keeps {@code google}),
 * keeping Outlook's name (updated, or unchanged);</li>
 * <li>a {@code google}, {@code both} or {@code manual} contact keeps its source and takes
 * Google's name unless Outlook or a hand edit owns the name;</li>
 * <li>email and company fill only where empty, and a Google id of another staff member's
 * address book is only linked, as for Outlook.</li>
 * </ul>
 * A WhatsApp contact, by {@link #whatsapp} (its name already chosen by
 * {@link IncomingContact#whatsApp}: address-book name, else verified business name, else
 * push name, else the formatted number):
 * <ul>
 * <li>no contact with that phone: insert with {@code source = whatsapp} (added);</li>
 * <li>a Google or Outlook contact becomes {@code both}, its name kept: address books are
 * more official (merged);</li>
 * <li>a contact added by hand ({@code manual}) stays {@code manual} with its name, and is
 * merged like an address-book contact (merged the first time WhatsApp knows it, then
 * unchanged);</li>
 * <li>a {@code whatsapp} or {@code both} contact takes WhatsApp's name only where the CRM
 * has none or only the number (updated, or unchanged);</li>
 * <li>a name edited by hand is always kept; WhatsApp has no email or company, and its id
 * is the number itself, so nothing else changes.</li>
 * </ul>
 * <p>
 * A row of a file staff import (CSV or vCard), by {@link #imported}; the file is staff's
 * own list, so it counts as typed by hand, but it never overwrites what the CRM knows:
 * <ul>
 * <li>no contact with that phone: insert with {@code source = manual}, the file's name
 * kept by later syncs as a typed one (added);</li>
 * <li>an existing contact keeps its source, name and lead status; email and company are
 * filled only where the CRM has none (merged when that changes anything, else
 * unchanged);</li>
 * <li>except that a WhatsApp-only contact whose name staff never edited takes the file's
 * name (WhatsApp names are the weakest), which then counts as typed by hand.</li>
 * </ul>
 * Name precedence everywhere: edited by hand (or imported), then Outlook, then Google,
 * then WhatsApp.
 */
final class MergeRules {

	private MergeRules() {
	}

	/**
	 * The rule of one address book.
	 * @param provider the address book
	 * @param existing the CRM contact as stored
	 * @param incoming the incoming values
	 * @param ownedByAnotherAddressBook whether the contact's id there is another staff
	 * member's
	 * @return the new state and how to count it
	 */
	static Decision of(Provider provider, Existing existing, Incoming incoming, boolean ownedByAnotherAddressBook,
			boolean knownToProvider) {
		return switch (provider) {
			case OUTLOOK -> outlook(existing, incoming, ownedByAnotherAddressBook);
			case GOOGLE -> google(existing, incoming, ownedByAnotherAddressBook);
			case WHATSAPP -> whatsapp(existing, incoming, knownToProvider);
		};
	}

	/**
	 * Decides what an incoming WhatsApp contact does to an existing CRM contact.
	 * @param existing the CRM contact as stored
	 * @param incoming the incoming values (its name never blank)
	 * @param knownToWhatsApp whether any staff member's WhatsApp brought this contact
	 * before
	 * @return the new state and how to count it
	 */
	static Decision whatsapp(Existing existing, Incoming incoming, boolean knownToWhatsApp) {
		return switch (existing.source()) {
			case GOOGLE, OUTLOOK -> new Decision(Outcome.MERGED, existing.withSource(Source.BOTH));
			case MANUAL -> new Decision(knownToWhatsApp ? Outcome.UNCHANGED : Outcome.MERGED, existing);
			case WHATSAPP, BOTH -> {
				boolean fill = !existing.nameEdited() && (existing.name() == null || existing.name().isBlank()
						|| (onlyNumber(existing.name()) && !onlyNumber(incoming.name())));
				Existing merged = fill ? existing.withName(incoming.name()) : existing;
				yield new Decision(merged.equals(existing) ? Outcome.UNCHANGED : Outcome.UPDATED, merged);
			}
		};
	}

	/**
	 * Whether a name is only a phone number ({@code +62 812-3456-7890}, {@code 628123…}):
	 * no letter in it.
	 */
	static boolean onlyNumber(String name) {
		return name.codePoints().noneMatch(Character::isLetter);
	}

	/**
	 * Decides what an incoming Outlook contact does to an existing CRM contact.
	 * @param existing the CRM contact as stored
	 * @param incoming the incoming values
	 * @param ownedByAnotherMailbox whether the contact's Outlook id is another staff
	 * member's
	 * @return the new state and how to count it
	 */
	static Decision outlook(Existing existing, Incoming incoming, boolean ownedByAnotherMailbox) {
		if (ownedByAnotherMailbox) {
			return Decision.keep(existing);
		}
		Source source = switch (existing.source()) {
			case WHATSAPP -> Source.BOTH;
			case GOOGLE -> Source.GOOGLE;
			case OUTLOOK, BOTH, MANUAL -> existing.source();
		};
		Existing merged = new Existing(existing.id(), source, existing.nameEdited() ? existing.name() : incoming.name(),
				(existing.email() != null) ? existing.email() : incoming.email(),
				(existing.company() != null) ? existing.company() : incoming.company(), incoming.externalId(),
				existing.googleContactId(), existing.nameEdited());
		if (existing.source() == Source.WHATSAPP
				|| (existing.source() == Source.MANUAL && existing.outlookContactId() == null)) {
			return new Decision(Outcome.MERGED, merged);
		}
		return new Decision(merged.equals(existing) ? Outcome.UNCHANGED : Outcome.UPDATED, merged);
	}

	/**
	 * Decides what an incoming Google contact does to an existing CRM contact.
	 * @param existing the CRM contact as stored
	 * @param incoming the incoming values
	 * @param ownedByAnotherAddressBook whether the contact's Google id is another staff
	 * member's
	 * @return the new state and how to count it
	 */
	static Decision google(Existing existing, Incoming incoming, boolean ownedByAnotherAddressBook) {
		if (ownedByAnotherAddressBook) {
			return Decision.keep(existing);
		}
		Source source = switch (existing.source()) {
			case WHATSAPP -> Source.BOTH;
			case OUTLOOK -> Source.GOOGLE;
			case GOOGLE, BOTH, MANUAL -> existing.source();
		};
		// Outlook's name is the more official one; a name typed by staff beats both
		boolean nameOwned = existing.nameEdited() || existing.outlookContactId() != null;
		Existing merged = new Existing(existing.id(), source, nameOwned ? existing.name() : incoming.name(),
				(existing.email() != null) ? existing.email() : incoming.email(),
				(existing.company() != null) ? existing.company() : incoming.company(), existing.outlookContactId(),
				incoming.externalId(), existing.nameEdited());
		if (existing.source() == Source.WHATSAPP
				|| (existing.source() == Source.MANUAL && existing.googleContactId() == null)) {
			return new Decision(Outcome.MERGED, merged);
		}
		return new Decision(merged.equals(existing) ? Outcome.UNCHANGED : Outcome.UPDATED, merged);
	}

	/**
	 * Decides what a row of an imported file does to the existing CRM contact with its
	 * number.
	 * @param existing the CRM contact as stored
	 * @param incoming the row's values; its name is {@code null} when the file gave none
	 * @return the new state, {@code MERGED} if it changes anything, else
	 * {@code UNCHANGED}
	 */
	static Decision imported(Existing existing, Incoming incoming) {
		boolean takesName = incoming.name() != null && existing.source() == Source.WHATSAPP && !existing.nameEdited()
				&& existing.outlookContactId() == null && existing.googleContactId() == null
				&& !incoming.name().equals(existing.name());
		Existing merged = new Existing(existing.id(), existing.source(), takesName ? incoming.name() : existing.name(),
				(existing.email() != null) ? existing.email() : incoming.email(),
				(existing.company() != null) ? existing.company() : incoming.company(), existing.outlookContactId(),
				existing.googleContactId(), existing.nameEdited() || takesName);
		return new Decision(merged.equals(existing) ? Outcome.UNCHANGED : Outcome.MERGED, merged);
	}

	/** How a contact is counted. */
	enum Outcome {

		ADDED, MERGED, UPDATED, UNCHANGED;

		boolean changes() {
			return this != UNCHANGED;
		}

	}

	/**
	 * A CRM contact's merge-relevant state.
	 *
	 * @param id the contact id
	 * @param source where it came from
	 * @param name the name
	 * @param email may be {@code null}
	 * @param company may be {@code null}
	 * @param outlookContactId may be {@code null}
	 * @param googleContactId may be {@code null}
	 * @param nameEdited whether staff edited the name by hand
	 */
	record Existing(long id, Source source, String name, String email, String company, String outlookContactId,
			String googleContactId, boolean nameEdited) {

		/** A contact Google never brought. */
		Existing(long id, Source source, String name, String email, String company, String outlookContactId,
				boolean nameEdited) {
			this(id, source, name, email, company, outlookContactId, null, nameEdited);
		}

		/**
		 * The contact's id in an address book ({@code null} for WhatsApp, whose id is the
		 * number).
		 */
		String externalId(Provider provider) {
			return switch (provider) {
				case GOOGLE -> googleContactId;
				case OUTLOOK -> outlookContactId;
				case WHATSAPP -> null;
			};
		}

		/** The same contact with another id in an address book (or none). */
		Existing withExternalId(Provider provider, String externalId) {
			return switch (provider) {
				case GOOGLE -> new Existing(id, source, name, email, company, outlookContactId, externalId, nameEdited);
				case OUTLOOK -> new Existing(id, source, name, email, company, externalId, googleContactId, nameEdited);
				case WHATSAPP -> this;
			};
		}

		Existing withName(String newName) {
			return new Existing(id, source, newName, email, company, outlookContactId, googleContactId, nameEdited);
		}

		Existing withSource(Source newSource) {
			return new Existing(id, newSource, name, email, company, outlookContactId, googleContactId, nameEdited);
		}

	}

	/**
	 * The incoming values, already normalized.
	 *
	 * @param externalId the address book's id
	 * @param name never blank
	 * @param email may be {@code null}
	 * @param company may be {@code null}
	 */
	record Incoming(String externalId, String name, String email, String company) {
	}

	/**
	 * What to store and how to count it.
	 *
	 * @param outcome how the contact counts
	 * @param result the contact's new state
	 */
	record Decision(Outcome outcome, Existing result) {

		static Decision keep(Existing existing) {
			return new Decision(Outcome.UNCHANGED, existing);
		}

		boolean writes(Existing before) {
			return !Objects.equals(result, before);
		}

	}

}
