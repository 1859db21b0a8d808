package com.whiskeysocket.crm.contacts;

import java.util.Set;

/**
 * Contacts were written: added, edited, merged or deleted. Published once per cause in
 * the writing transaction, just before it commits (after its last contact write), so a
 * listener that writes in that transaction uses {@code @EventListener}, and one that acts
 * on committed data {@code @TransactionalEventListener} (after commit) or
 * {@code @ApplicationModuleListener}. The same writes advance the change sequence behind
 * {@code GET /api/contacts/changes}.
 *
 * @param changed contacts that exist after the write
 * @param deleted contacts the write deleted (deleted, or merged into another)
 * @param cause what wrote them
 * @param provider for {@link Cause#SYNC}: whose address book; else {@code null}
 * @param staffUserId the staff member whose address book was synced (SYNC), who imported
 * (IMPORT), merged (MERGE) or typed (TYPED, when known); {@code null} if nobody is known
 */
public record ContactsChanged(Set<Long> changed, Set<Long> deleted, Cause cause, Provider provider, Long staffUserId) {

	public ContactsChanged {
		changed = Set.copyOf(changed);
		deleted = Set.copyOf(deleted);
	}

	/** Whether a person typed the change in the CRM (a page or the JSON API). */
	public boolean typed() {
		return cause == Cause.TYPED;
	}

	/** What wrote the contacts. */
	public enum Cause {

		/** A person in the CRM: a form, an in-place change, a bulk change or the API. */
		TYPED,

		/** A sync or a pushed change of a staff member's address book or WhatsApp. */
		SYNC,

		/** A file a staff member imported. */
		IMPORT,

		/** A merge of duplicates chosen by a person, or its undo. */
		MERGE

	}

}
