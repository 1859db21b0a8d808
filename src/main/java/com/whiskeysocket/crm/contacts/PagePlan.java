package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU-bound half of merging a page, done before its transaction: every number
 * normalized (labels kept), every email cleaned, the name chosen, and the page's contacts
 * that share their first number grouped behind the smallest id (the others count as
 * duplicates; their numbers, emails and identities still reach the person). A contact
 * without a valid number is counted and skipped, except a WhatsApp contact known only by
 * a LID, which becomes a person without a number.
 */
final class PagePlan {

	private final List<Entry> leaders;

	private final MergeCounter counts;

	private PagePlan(List<Entry> leaders, MergeCounter counts) {
		this.leaders = leaders;
		this.counts = counts;
	}

	List<Entry> leaders() {
		return leaders;
	}

	MergeCounter counts() {
		return counts;
	}

	boolean isEmpty() {
		return leaders.isEmpty();
	}

	static PagePlan of(List<IncomingContact> page, PhoneNumbers phoneNumbers) {
		MergeCounter counts = new MergeCounter();
		counts.total = page.size();
		Map<String, Entry> byKey = new TreeMap<>();
		for (IncomingContact contact : page) {
			Map<String, Number> numbers = new LinkedHashMap<>();
			PhoneNumbers.Result rejected = null;
			for (LabeledValue raw : contact.phones()) {
				PhoneNumbers.Result result = phoneNumbers.normalize(raw.value());
				if (result.isValid()) {
					numbers.putIfAbsent(result.digits(), new Number(result.digits(), Labels.normalize(raw.label())));
				}
				else if (rejected == null || result.rejection() == PhoneNumbers.Rejection.INVALID) {
					rejected = result;
				}
			}
			if (numbers.isEmpty() && !contact.isLid()) {
				counts.skipped((rejected != null) ? rejected.rejection() : PhoneNumbers.Rejection.MISSING);
				continue;
			}
			List<Number> list = List.copyOf(numbers.values());
			String name = contact.name(() -> list.isEmpty() ? "WhatsApp " + contact.externalId().split("@")[0]
					: phoneNumbers.display(list.get(0).digits()));
			List<LabeledValue> emails = contact.normalizedEmails();
			Entry entry = new Entry(
					contact.externalId(), new MergeRules.Incoming(contact.externalId(), name,
							emails.isEmpty() ? null : emails.get(0).value(), contact.normalizedCompany()),
					list, emails, contact.changeKey(), contact.folderId());
			String key = list.isEmpty() ? "lid:" + contact.externalId() : list.get(0).digits();
			Entry other = byKey.get(key);
			if (other == null) {
				byKey.put(key, entry);
				continue;
			}
			counts.duplicates++;
			if (other.externalId().compareTo(entry.externalId()) <= 0) {
				other.followers().add(entry);
			}
			else {
				entry.followers().add(other);
				entry.followers().addAll(other.followers());
				other.followers().clear();
				byKey.put(key, entry);
			}
		}
		return new PagePlan(new ArrayList<>(byKey.values()), counts);
	}

	/**
	 * A number of an incoming contact.
	 *
	 * @param digits E.164 digits
	 * @param label its label, normalized, or {@code null}
	 */
	record Number(String digits, String label) {
	}

	/**
	 * One incoming contact, ready to merge.
	 *
	 * @param externalId the source's id
	 * @param incoming what the merge rules compare
	 * @param numbers its valid numbers, the preferred first (empty for a LID-only person)
	 * @param emails its valid emails, the preferred first
	 * @param changeKey the source's version
	 * @param folderId its folder
	 * @param followers contacts of the page with the same first number and a larger id
	 */
	record Entry(String externalId, MergeRules.Incoming incoming, List<Number> numbers, List<LabeledValue> emails,
			String changeKey, String folderId, List<Entry> followers) {

		Entry(String externalId, MergeRules.Incoming incoming, List<Number> numbers, List<LabeledValue> emails,
				String changeKey, String folderId) {
			this(externalId, incoming, numbers, emails, changeKey, folderId, new ArrayList<>());
		}

		/** The first number, or {@code null}. */
		String phone() {
			return numbers.isEmpty() ? null : numbers.get(0).digits();
		}

		/** This entry and its followers. */
		List<Entry> all() {
			List<Entry> all = new ArrayList<>();
			all.add(this);
			all.addAll(followers);
			return all;
		}

	}

}
