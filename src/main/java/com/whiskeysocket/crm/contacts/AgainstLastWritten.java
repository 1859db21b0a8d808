package com.whiskeysocket.crm.contacts;

import java.util.List;
import java.util.Objects;

import com.whiskeysocket.crm.contacts.MergeRules.Decision;
import com.whiskeysocket.crm.contacts.MergeRules.Existing;
import com.whiskeysocket.crm.contacts.MergeRules.Incoming;
import com.whiskeysocket.crm.contacts.MergeRules.Outcome;

/**
 * The name and company of a person read back from an address-book entry the CRM wrote,
 * merged against what it wrote there ({@link LastWritten}) instead of by source
 * precedence: changed on one side only, that side's value (a name typed in the CRM long
 * ago gives way to a rename on the phone; a name another source changed in the CRM is not
 * put back by the phone's stale copy); changed on both, the CRM's if a person typed it,
 * else the address book's, the other kept as a {@link LostValues.Loss}. Source, ids and
 * email stay as {@link MergeRules} decided; numbers and emails attach as from any source.
 */
final class AgainstLastWritten {

	private AgainstLastWritten() {
	}

	/**
	 * Corrects a decision of the merge rules for an entry the CRM wrote.
	 * @param decision what {@link MergeRules} decided
	 * @param crm the person as stored
	 * @param book the entry as read
	 * @param base what the CRM last wrote there
	 * @param provider the address book
	 * @param staffId whose address book
	 * @param losses receives what lost
	 * @return the decision
	 */
	static Decision decide(Decision decision, Existing crm, Incoming book, LastWritten base, Provider provider,
			long staffId, List<LostValues.Loss> losses) {
		String name = field(crm.id(), "name", base.name(), crm.name(), book.name(), base.typed(), provider, staffId,
				losses);
		String company = field(crm.id(), "company", base.company(), crm.company(), book.company(), base.typed(),
				provider, staffId, losses);
		Existing ruled = decision.result();
		Existing result = new Existing(ruled.id(), ruled.source(), (name != null) ? name : crm.name(), ruled.email(),
				company, ruled.outlookContactId(), ruled.googleContactId(), ruled.nameEdited());
		Outcome outcome = switch (decision.outcome()) {
			case ADDED, MERGED -> decision.outcome();
			case UPDATED, UNCHANGED -> result.equals(crm) ? Outcome.UNCHANGED : Outcome.UPDATED;
		};
		return new Decision(outcome, result);
	}

	/** One field, three ways; texts compared with their spaces collapsed. */
	static String field(long contactId, String field, String base, String crm, String book, boolean typed,
			Provider provider, long staffId, List<LostValues.Loss> losses) {
		if (Objects.equals(norm(crm), norm(book)) || Objects.equals(norm(book), norm(base))) {
			return crm;
		}
		if (Objects.equals(norm(crm), norm(base))) {
			return book;
		}
		String loser = typed ? book : crm;
		if (loser != null) {
			losses.add(new LostValues.Loss(contactId, field, loser, typed ? provider.code() : LostValues.CRM, staffId));
		}
		return typed ? crm : book;
	}

	private static String norm(String text) {
		if (text == null) {
			return null;
		}
		String collapsed = text.strip().replaceAll("\\s+", " ");
		return collapsed.isEmpty() ? null : collapsed;
	}

}
