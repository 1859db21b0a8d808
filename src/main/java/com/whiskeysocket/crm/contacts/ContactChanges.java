package com.whiskeysocket.crm.contacts;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import com.whiskeysocket.crm.contacts.ContactsChanged.Cause;
import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one place every contact write goes through on its way out: it advances the change
 * sequence ({@code contact_changes}, one row per contact and write) and publishes
 * {@link ContactsChanged}. Writers call it with the ids they wrote, inside their
 * transaction; the rows and the events wait for the transaction's end (its
 * {@code beforeCommit}, after a flush of pending entity writes), so a transaction writing
 * a contact many times adds one row for it, and its sequence numbers are taken as late as
 * possible, which keeps the window between taking a number and committing it short (see
 * {@code ContactFeed} for how readers cope with numbers committed out of order). Outside
 * a transaction the row is written and the event published at once.
 */
@Component
class ContactChanges {

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final EntityManagerFactory entityManagerFactory;

	private final ContactNameTokens nameTokens;

	private final Clock clock = Clock.systemUTC();

	ContactChanges(JdbcTemplate jdbc, ApplicationEventPublisher events, EntityManagerFactory entityManagerFactory,
			ContactNameTokens nameTokens) {
		this.jdbc = jdbc;
		this.events = events;
		this.entityManagerFactory = entityManagerFactory;
		this.nameTokens = nameTokens;
	}

	/**
	 * A person changed contacts through a page or the API; the staff member is taken from
	 * the signed-in principal when there is one.
	 * @param changed contacts added or edited
	 */
	void typed(Collection<Long> changed) {
		record(new Key(Cause.TYPED, null, signedIn()), changed, List.of(), Map.of());
	}

	/** A person deleted contacts through a page or the API. */
	void typedDeleted(Collection<Long> deleted) {
		record(new Key(Cause.TYPED, null, signedIn()), List.of(), deleted, Map.of());
	}

	/**
	 * A sync (or a change a source pushed) wrote contacts of a staff member's address
	 * book.
	 */
	void synced(Provider provider, long staffId, Collection<Long> changed, Collection<Long> deleted) {
		record(new Key(Cause.SYNC, provider, staffId), changed, deleted, Map.of());
	}

	/**
	 * A sync wrote contacts of a staff member's address book, inserting some of them.
	 * @param changed contacts added or edited
	 * @param inserted those of them inserted now, with the names they were given: their
	 * name words are written from these names, with neither a read of the rows nor a
	 * delete, unless a later write of the same transaction reports them again
	 */
	void synced(Provider provider, long staffId, Collection<Long> changed, Map<Long, String> inserted) {
		record(new Key(Cause.SYNC, provider, staffId), changed, List.of(), inserted);
	}

	/** A staff member's file import wrote contacts. */
	void imported(long staffId, Collection<Long> changed) {
		record(new Key(Cause.IMPORT, null, staffId), changed, List.of(), Map.of());
	}

	/** A merge of duplicates (or its undo) that a person asked for. */
	void merged(Long staffId, Collection<Long> changed, Collection<Long> deleted) {
		record(new Key(Cause.MERGE, null, staffId), changed, deleted, Map.of());
	}

	private void record(Key key, Collection<Long> changed, Collection<Long> deleted, Map<Long, String> inserted) {
		if (changed.isEmpty() && deleted.isEmpty()) {
			return;
		}
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			Pending now = new Pending();
			now.add(key, changed, deleted);
			now.inserted.putAll(inserted);
			write(now);
			return;
		}
		Pending pending = pending();
		// a contact written again since it was inserted may have another name by now
		pending.inserted.keySet().removeAll(changed);
		pending.inserted.keySet().removeAll(deleted);
		pending.add(key, changed, deleted);
		pending.inserted.putAll(inserted);
	}

	private Pending pending() {
		Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
		if (pending == null) {
			Pending fresh = new Pending();
			TransactionSynchronizationManager.bindResource(this, fresh);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public int getOrder() {
					// after other synchronizations' own writes, so the row is near the
					// commit
					return Ordered.LOWEST_PRECEDENCE - 10;
				}

				@Override
				public void beforeCommit(boolean readOnly) {
					EntityManager entityManager = EntityManagerFactoryUtils
						.getTransactionalEntityManager(entityManagerFactory);
					if (entityManager != null) {
						entityManager.flush();
					}
					write(fresh);
				}

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(ContactChanges.this);
				}
			});
			pending = fresh;
		}
		return pending;
	}

	private void write(Pending pending) {
		TreeSet<Long> deleted = new TreeSet<>();
		pending.byKey.values().forEach((ids) -> deleted.addAll(ids.deleted));
		TreeSet<Long> changed = new TreeSet<>();
		pending.byKey.values().forEach((ids) -> changed.addAll(ids.changed));
		changed.removeAll(deleted);
		// whether a file import brought any of a person's numbers or emails, and whether
		// WhatsApp has linked the person, change when an import adds them, WhatsApp
		// links or unlinks, a merge (or its undo, or WhatsApp's merge of a LID) moves
		// numbers, emails and links between people, or a person removes one; a Google or
		// Outlook sync adds and removes only its own sources, links and numbers nothing
		// else knows
		TreeSet<Long> importMayChange = new TreeSet<>();
		pending.byKey.forEach((key, ids) -> {
			ids.changed.removeAll(deleted);
			if (key.cause() != Cause.SYNC || key.provider() == Provider.WHATSAPP) {
				importMayChange.addAll(ids.changed);
			}
			if (!ids.changed.isEmpty() || !ids.deleted.isEmpty()) {
				events.publishEvent(
						new ContactsChanged(ids.changed, ids.deleted, key.cause(), key.provider(), key.staffId()));
			}
		});
		// the name search's words follow every written name (deleted contacts' go with
		// them)
		Map<Long, String> inserted = new HashMap<>(pending.inserted);
		inserted.keySet().retainAll(changed);
		nameTokens.refresh(changed, inserted);
		sourceFlags(importMayChange);
		LocalDateTime at = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
		List<Object[]> rows = new ArrayList<>(changed.size() + deleted.size());
		changed.forEach((id) -> rows.add(new Object[] { id, false, at }));
		deleted.forEach((id) -> rows.add(new Object[] { id, true, at }));
		// one statement with its rows written out, not a JDBC batch: MariaDB's driver
		// sends a
		// batch as a bulk insert, for which InnoDB reserves numbers in doubling blocks
		// and
		// leaves the unused ones as gaps (43 for 980 rows), and every gap is a number
		// readers wait for until it settles (ContactFeed); a statement whose rows are
		// known
		// takes exactly as many numbers as it has rows
		for (int from = 0; from < rows.size(); from += PersonRows.CHUNK) {
			List<Object[]> chunk = rows.subList(from, Math.min(from + PersonRows.CHUNK, rows.size()));
			List<Object> args = new ArrayList<>(chunk.size() * 3);
			chunk.forEach((row) -> args.addAll(Arrays.asList(row)));
			jdbc.update("INSERT INTO contact_changes (contact_id, deleted, changed_at) VALUES "
					+ String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?)")), args.toArray());
		}
	}

	/**
	 * Sets {@code contacts.known_from_import} (V31, the "imported" filter) from the
	 * people's numbers and emails as they are now, and {@code whatsapp_linked} (V32, part
	 * of the "WhatsApp" filter) from their links.
	 */
	private void sourceFlags(Collection<Long> contactIds) {
		List<Long> ids = List.copyOf(contactIds);
		for (int from = 0; from < ids.size(); from += PersonRows.CHUNK) {
			List<Long> chunk = ids.subList(from, Math.min(from + PersonRows.CHUNK, ids.size()));
			jdbc.update("UPDATE contacts SET known_from_import = " + KNOWN_FROM_IMPORT + ", whatsapp_linked = "
					+ WHATSAPP_LINKED + " WHERE id IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?"))
					+ ")", chunk.toArray());
		}
	}

	/** Whether a file import brought any of the contact's numbers or emails. */
	static final String KNOWN_FROM_IMPORT = "(EXISTS (SELECT 1 FROM contact_phones p JOIN contact_phone_sources s "
			+ "ON s.phone = p.phone WHERE p.contact_id = contacts.id AND s.source = 'import') "
			+ "OR EXISTS (SELECT 1 FROM contact_email_sources e WHERE e.contact_id = contacts.id "
			+ "AND e.source = 'import'))";

	/**
	 * Whether WhatsApp has linked the contact (its JID or LID in a staff member's phone).
	 */
	static final String WHATSAPP_LINKED = "EXISTS (SELECT 1 FROM contact_links l WHERE l.contact_id = contacts.id "
			+ "AND l.provider = 'whatsapp')";

	private static Long signedIn() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof StaffPrincipal staff) ? staff.id()
				: null;
	}

	private record Key(Cause cause, Provider provider, Long staffId) {

		Key {
			Objects.requireNonNull(cause);
		}

	}

	private static final class Ids {

		private final TreeSet<Long> changed = new TreeSet<>();

		private final TreeSet<Long> deleted = new TreeSet<>();

	}

	private static final class Pending {

		private final Map<Key, Ids> byKey = new LinkedHashMap<>();

		private final Map<Long, String> inserted = new HashMap<>();

		void add(Key key, Collection<Long> changed, Collection<Long> deleted) {
			Ids ids = byKey.computeIfAbsent(key, (k) -> new Ids());
			changed.forEach((id) -> {
				if (id != null) {
					ids.changed.add(id);
				}
			});
			deleted.forEach((id) -> {
				if (id != null) {
					ids.deleted.add(id);
				}
			});
		}

	}

}
