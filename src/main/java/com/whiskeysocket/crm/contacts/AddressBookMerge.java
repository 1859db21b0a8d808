package com.whiskeysocket.crm.contacts;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.whiskeysocket.crm.contacts.SuggestedDuplicates.Suggestion;
import com.whiskeysocket.crm.contacts.ExistingContacts.Locked;
import com.whiskeysocket.crm.contacts.MergeRules.Decision;
import com.whiskeysocket.crm.contacts.MergeRules.Existing;
import com.whiskeysocket.crm.contacts.PagePlan.Entry;
import com.whiskeysocket.crm.contacts.PersonRows.EmailRow;
import com.whiskeysocket.crm.contacts.PersonRows.PhoneRow;

import org.springframework.stereotype.Component;

/**
 * Merges one planned page of a staff member's address book (Outlook, Google, WhatsApp)
 * into the people, in its transaction. An incoming contact belongs to the person its
 * identity is linked to; otherwise to the person owning any of its numbers; otherwise it
 * is a new person. Its numbers, emails and identity attach to that person; a number
 * another person has stays theirs and the two are suggested as duplicates (reason
 * {@code phone}). The person's fields change only as {@link MergeRules} says, for the
 * smallest id of one mailbox's entries of that person. Every statement is one batch for
 * the page; rows are locked in id order.
 */
@Component
class AddressBookMerge {

	private final ExistingContacts existing;

	private final PersonRows rows;

	private final PageWrites writes;

	private final SuggestedDuplicates suggestions;

	private final AddressBookUnlink unlink;

	private final DuplicateFinder duplicates;

	private final LostValues lostValues;

	AddressBookMerge(ExistingContacts existing, PersonRows rows, PageWrites writes, SuggestedDuplicates suggestions,
			AddressBookUnlink unlink, DuplicateFinder duplicates, LostValues lostValues) {
		this.duplicates = duplicates;
		this.lostValues = lostValues;
		this.existing = existing;
		this.rows = rows;
		this.writes = writes;
		this.suggestions = suggestions;
		this.unlink = unlink;
	}

	/**
	 * Merges the page.
	 * @param lastWritten what the write-back last wrote into entries of the page, by
	 * their id: the name and company of those are merged against it
	 * @return the people it changed: new ones, and those given fields, a number, an
	 * email, an identity or a source they did not have, or that lost a number; and the
	 * new ones' names
	 */
	Merged merge(AddressBook book, long staffId, long runId, List<Entry> leaders, MergeCounter counts,
			LocalDateTime now, boolean firstImport, Map<String, LastWritten> lastWritten) {
		// who each entry already is: its identity, else any of its numbers
		Map<String, Long> linked = firstImport ? Map.of() : writes.identities(book, staffId, leaders);
		Set<String> legacy = new HashSet<>();
		Map<String, Long> owners = existing.owners(digitsOf(leaders), legacy);
		long[] target = new long[leaders.size()];
		for (int i = 0; i < leaders.size(); i++) {
			target[i] = targetOf(leaders.get(i), linked, lastWritten, owners);
		}
		Map<Long, Locked> people = existing.read(ids(target), true);
		List<Integer> fresh = new ArrayList<>();
		// by entry: whether it became a new person (asked for every entry, twice)
		boolean[] isFresh = new boolean[leaders.size()];
		for (int i = 0; i < leaders.size(); i++) {
			if (target[i] == 0 || !people.containsKey(target[i])) {
				fresh.add(i);
				isFresh[i] = true;
			}
		}
		List<Long> created = writes.insertContacts(book, staffId, fresh.stream().map(leaders::get).toList(), now);
		Map<Long, String> names = new HashMap<>();
		for (int k = 0; k < fresh.size(); k++) {
			target[fresh.get(k)] = created.get(k);
			names.put(created.get(k), leaders.get(fresh.get(k)).incoming().name());
		}
		existing.adoptLegacy(legacy, owners, now);

		Map<String, Long> claims = new HashMap<>(owners);
		List<PhoneRow> attached = new ArrayList<>();
		Map<Long, String> primaries = new HashMap<>();
		people.forEach((id, person) -> primaries.put(id, person.phone()));
		for (int i : fresh) {
			// a new person's first number is its primary, whatever else the page says
			String phone = leaders.get(i).phone();
			if (phone != null) {
				claims.put(phone, target[i]);
				primaries.put(target[i], phone);
				attached.add(new PhoneRow(phone, target[i], leaders.get(i).numbers().get(0).label(), true, now));
			}
		}
		Set<String> known = new LinkedHashSet<>();
		Map<Long, Set<String>> numbersOf = new HashMap<>();
		Map<Long, String> filled = new HashMap<>();
		List<Suggestion> found = new ArrayList<>();
		for (int i = 0; i < leaders.size(); i++) {
			long person = target[i];
			for (Entry entry : leaders.get(i).all()) {
				for (PagePlan.Number number : entry.numbers()) {
					numbersOf.computeIfAbsent(person, (id) -> new HashSet<>()).add(number.digits());
					Long owner = claims.putIfAbsent(number.digits(), person);
					if (owner == null) {
						boolean primary = primaries.get(person) == null;
						if (primary) {
							primaries.put(person, number.digits());
							filled.put(person, number.digits());
						}
						attached.add(new PhoneRow(number.digits(), person, number.label(), primary, now));
					}
					if (owner == null || owner == person) {
						known.add(number.digits());
					}
					else {
						found.add(Suggestion.of(person, owner, "phone", number.digits()));
					}
				}
			}
		}
		Set<Long> changed = new HashSet<>(created);
		attached.forEach((row) -> changed.add(row.contactId()));
		// a number nobody had has no source yet (a source row references its number's
		// row): only the others are asked about, none on a first sync
		List<String> had = known.stream().filter(owners::containsKey).toList();
		known.stream()
			.filter((number) -> !owners.containsKey(number))
			.forEach((number) -> changed.add(claims.get(number)));
		rows.unknownTo(had, book.knownBy(staffId)).forEach((number) -> changed.add(claims.get(number)));
		attached.sort(Comparator.comparing(PhoneRow::phone));
		rows.insertPhones(attached);
		rows.addPhoneSources(known.stream().sorted().toList(), book.knownBy(staffId), now);

		// the merge rules, for the smallest id of one mailbox's entries of a person
		Map<Long, List<PageWrites.Link>> links = writes.linksOf(book, people.keySet());
		Map<Long, Existing> current = new HashMap<>();
		people.forEach((id, person) -> current.put(id, person.existing()));
		Map<Long, Existing> updates = new LinkedHashMap<>();
		Map<Long, String> pageLinked = new HashMap<>();
		List<PageWrites.LinkWrite> linkWrites = new ArrayList<>();
		Set<Long> renamed = new HashSet<>();
		List<LostValues.Loss> losses = new ArrayList<>();
		for (int i = 0; i < leaders.size(); i++) {
			Entry leader = leaders.get(i);
			long person = target[i];
			leader.all().forEach((entry) -> {
				linkWrites.add(new PageWrites.LinkWrite(person, entry));
				if (!Objects.equals(linked.get(entry.externalId()), person)) {
					changed.add(person);
				}
			});
			if (isFresh[i]) {
				counts.added++;
				renamed.add(person);
				continue;
			}
			Existing row = current.get(person);
			LastWritten base = lastWritten.get(leader.externalId());
			Decision decision = decide(book, staffId, runId, row, leader, links.getOrDefault(person, List.of()),
					pageLinked.get(person), counts, (base != null && base.contactId() == person) ? base : null, losses);
			if (decision != null && decision.writes(row)) {
				updates.put(person, decision.result());
				current.put(person, decision.result());
				renamed.add(person);
			}
			if (leader.externalId().equals(current.get(person).externalId(book.provider()))) {
				pageLinked.put(person, leader.externalId());
			}
		}
		writes.update(book, updates.values().stream().sorted(Comparator.comparingLong(Existing::id)).toList(), now);
		writes.fillPrimaries(filled, now);
		changed.addAll(updates.keySet());
		changed.addAll(filled.keySet());
		writes.upsertLinks(book, staffId, runId, linkWrites, now);
		lostValues.record(losses);

		// emails: every one attaches; the primary is the person's email
		List<EmailRow> emails = new ArrayList<>();
		Map<Long, Set<String>> emailKeys = new HashMap<>();
		for (int i = 0; i < leaders.size(); i++) {
			long person = target[i];
			String primary = isFresh[i] ? leaders.get(i).incoming().email()
					: (people.get(person).existing().email() == null) ? current.get(person).email() : null;
			for (Entry entry : leaders.get(i).all()) {
				for (LabeledValue email : entry.emails()) {
					boolean isPrimary = primary != null && Emails.key(primary).equals(Emails.key(email.value()));
					emails.add(new EmailRow(person, email.value(), email.label(), isPrimary, now));
					emailKeys.computeIfAbsent(person, (id) -> new HashSet<>()).add(Emails.key(email.value()));
				}
			}
		}
		emails.sort(Comparator.comparingLong(EmailRow::contactId).thenComparing(EmailRow::address));
		// a new person's emails are unknown to every source, and the person is changed
		// anyway: only the others' are asked about
		Set<Long> createdIds = new HashSet<>(created);
		changed.addAll(rows.withEmailsUnknownTo(
				emails.stream().filter((row) -> !createdIds.contains(row.contactId())).toList(),
				book.knownBy(staffId)));
		rows.ensureEmails(emails);
		rows.addEmailSources(emails, book.knownBy(staffId), now);

		// what this address book no longer says of the people it fully described
		if (!firstImport && book.provider() != Provider.WHATSAPP) {
			changed.addAll(unlink.detachNumbers(book, staffId,
					writes.completelyDescribed(book, staffId, linkWrites, links), numbersOf, now));
		}
		found.addAll(suggestions.sameEmail(emailKeys));
		Map<Long, String> nameKeys = new HashMap<>();
		Map<Long, Entry> firstLeader = new HashMap<>();
		for (int i = 0; i < target.length; i++) {
			firstLeader.putIfAbsent(target[i], leaders.get(i));
		}
		renamed.forEach((id) -> {
			Existing person = current.get(id);
			Entry leader = firstLeader.get(id);
			if (person == null && leader == null) {
				throw new IllegalStateException("no entry for contact " + id);
			}
			nameKeys.put(id, (person != null) ? NameKey.of(person.name(), person.company())
					: NameKey.of(leader.incoming().name(), leader.incoming().company()));
		});
		found.addAll(suggestions.sameName(nameKeys));
		duplicates.record(found, now);
		return new Merged(changed, names);
	}

	/**
	 * What a page's merge wrote.
	 *
	 * @param changed the people it changed
	 * @param inserted the new people among them, with the names they were given
	 */
	record Merged(Set<Long> changed, Map<Long, String> inserted) {
	}

	/**
	 * The merge rules for one leader and its person; {@code null} when the entry only
	 * attaches (a larger id of the same mailbox's entries of this person).
	 */
	private static Decision decide(AddressBook book, long staffId, long runId, Existing row, Entry leader,
			List<PageWrites.Link> links, String linkedInPage, MergeCounter counts, LastWritten base,
			List<LostValues.Loss> losses) {
		String winner = row.externalId(book.provider());
		PageWrites.Link mine = null;
		if (winner != null && !winner.equals(leader.externalId())) {
			mine = winner.equals(linkedInPage) ? new PageWrites.Link(row.id(), staffId, winner, null, runId)
					: links.stream()
						.filter((l) -> l.staffId() == staffId && l.externalId().equals(winner))
						.findFirst()
						.orElse(null);
		}
		boolean silently = false;
		if (mine != null) {
			// two entries of this address book are one person: the smallest id wins,
			// every run
			boolean smaller = leader.externalId().compareTo(winner) < 0;
			counts.duplicates += (Objects.equals(mine.lastSeenRunId(), runId) || !smaller) ? 1 : 0;
			if (!smaller) {
				return null;
			}
			silently = Objects.equals(mine.lastSeenRunId(), runId);
		}
		boolean ownedByAnotherAddressBook = winner != null && !winner.equals(leader.externalId()) && mine == null
				&& links.stream().anyMatch((l) -> l.staffId() != staffId && l.externalId().equals(winner));
		Decision decision = MergeRules.of(book.provider(), row, leader.incoming(), ownedByAnotherAddressBook,
				!links.isEmpty());
		if (base != null) {
			// an entry the CRM wrote: field by field against what it wrote
			decision = AgainstLastWritten.decide(decision, row, leader.incoming(), base, book.provider(), staffId,
					losses);
		}
		if (!silently) {
			counts.count(decision.outcome());
		}
		return decision;
	}

	private static long targetOf(Entry leader, Map<String, Long> linked, Map<String, LastWritten> lastWritten,
			Map<String, Long> owners) {
		for (Entry entry : leader.all()) {
			Long person = linked.get(entry.externalId());
			if (person != null) {
				return person;
			}
		}
		// a copy the CRM wrote is of its contact, whatever numbers the phone changed
		LastWritten written = lastWritten.get(leader.externalId());
		if (written != null) {
			return written.contactId();
		}
		for (Entry entry : leader.all()) {
			for (PagePlan.Number number : entry.numbers()) {
				Long owner = owners.get(number.digits());
				if (owner != null) {
					return owner;
				}
			}
		}
		return 0;
	}

	private static List<String> digitsOf(List<Entry> leaders) {
		List<String> digits = new ArrayList<>();
		leaders.forEach((leader) -> leader.all()
			.forEach((entry) -> entry.numbers().forEach((number) -> digits.add(number.digits()))));
		return digits.stream().distinct().sorted().toList();
	}

	private static List<Long> ids(long[] target) {
		List<Long> ids = new ArrayList<>();
		for (long id : target) {
			if (id != 0) {
				ids.add(id);
			}
		}
		return ids;
	}

}
