package com.whiskeysocket.crm.contacts;

import com.whiskeysocket.crm.contacts.MergeRules.Outcome;

/**
 * Counts of one page or file chunk while it is merged; a retried page starts again from
 * the prepared ones.
 */
final class MergeCounter {

	int added;

	int updated;

	int merged;

	int unchanged;

	int skippedNoPhone;

	int skippedInvalidPhone;

	int duplicates;

	int total;

	int removed;

	void count(Outcome outcome) {
		switch (outcome) {
			case ADDED -> added++;
			case MERGED -> merged++;
			case UPDATED -> updated++;
			case UNCHANGED -> unchanged++;
		}
	}

	/** Counts a contact without a usable number. */
	void skipped(PhoneNumbers.Rejection rejection) {
		if (rejection == PhoneNumbers.Rejection.MISSING) {
			skippedNoPhone++;
		}
		else {
			skippedInvalidPhone++;
		}
	}

	/** What was counted before the transaction: what a retry starts from. */
	MergeCounter copy() {
		MergeCounter copy = new MergeCounter();
		copy.skippedNoPhone = skippedNoPhone;
		copy.skippedInvalidPhone = skippedInvalidPhone;
		copy.duplicates = duplicates;
		copy.total = total;
		return copy;
	}

	ImportCounts build() {
		return new ImportCounts(added, updated, merged, unchanged, skippedNoPhone, skippedInvalidPhone, duplicates,
				total, removed);
	}

}
