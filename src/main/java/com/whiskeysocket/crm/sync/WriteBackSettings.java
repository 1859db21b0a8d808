package com.whiskeysocket.crm.sync;

import java.time.Instant;
import java.util.Set;

import com.whiskeysocket.crm.contacts.LeadStatus;
import com.whiskeysocket.crm.contacts.PersonCard;
import com.whiskeysocket.crm.contacts.PersonScope;

/**
 * One staff member's write-back into one provider's address book.
 *
 * @param staffId the staff member
 * @param provider the provider
 * @param enabled whether it is on
 * @param allContacts every contact ({@code all}) or only those the staff member owns
 * ({@code owned})
 * @param statuses only these lead statuses; empty for any
 * @param pausedReason why writing waits ({@code write_consent_required}), or {@code null}
 * @param lastWrittenAt when the last write succeeded, or {@code null}
 */
record WriteBackSettings(long staffId, SyncProvider provider, boolean enabled, boolean allContacts,
		Set<LeadStatus> statuses, String pausedReason, Instant lastWrittenAt) {

	static final String OWNED = "owned";

	static final String ALL = "all";

	/** Whether a contact belongs in this staff member's address book. */
	boolean inScope(PersonCard card) {
		return card != null && inScope(card.ownerId(), card.status());
	}

	/** Whether a contact belongs in this staff member's address book. */
	boolean inScope(PersonScope scope) {
		return scope != null && inScope(scope.ownerId(), scope.status());
	}

	private boolean inScope(Long ownerId, LeadStatus status) {
		if (!enabled) {
			return false;
		}
		if (!allContacts && (ownerId == null || ownerId != staffId)) {
			return false;
		}
		return statuses.isEmpty() || statuses.contains(status);
	}

	String scope() {
		return allContacts ? ALL : OWNED;
	}

}
