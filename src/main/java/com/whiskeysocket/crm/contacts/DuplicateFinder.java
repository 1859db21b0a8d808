package com.whiskeysocket.crm.contacts;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The one writer of duplicate suggestions ({@code contact_duplicates}, read by
 * {@link DuplicateSuggestions}): it records the pairs a page of a sync or an import found
 * ({@link #record}), and keeps the "same email" and "same name and company" suggestions
 * of contacts changed one at a time up to date, each contact by indexed lookups of its
 * own keys ({@code contact_emails.email_key}, {@code contacts.name_key}): never a scan of
 * the contact list. The same rule for both ({@link #crowded}): a key shared by more than
 * {@link #MAX_GROUP} contacts (a shared mailbox, a common name) suggests nothing, and a
 * name says something only with a company or a second word
 * ({@link SuggestedDuplicates#telling}). A dismissed suggestion stays dismissed; an open
 * one whose reason no longer holds goes. Runs in the caller's transaction.
 */
@Component
class DuplicateFinder {

	/**
	 * The most contacts one email or one name (with its company) may be shared by and
	 * still be suggested as one person; a key shared by more is a shared mailbox
	 * ({@code info@}, {@code sales@}) or a common name, and suggests nothing, whether the
	 * contacts came by a sync, an import or single edits. Five: as many contacts as one
	 * merge takes ({@link ContactMerges#MAX_CONTACTS}), which is as many copies of one
	 * person as a few staff members' address books, their WhatsApp and an import give; a
	 * group of five is ten suggestions already, and more would fill the duplicates page
	 * with pairs nobody can settle in one merge.
	 */
	static final int MAX_GROUP = 5;

	/**
	 * Whether a key held by this many contacts is too shared to suggest them.
	 * @param holders the contacts with the key, the changed one among them
	 */
	static boolean crowded(int holders) {
		return holders > MAX_GROUP;
	}

	/** A pair already suggested, or dismissed for good, stays as it is. */
	private static final String INSERT = "INSERT INTO contact_duplicates (contact_a, contact_b, reason, detail, "
			+ "created_at) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE id = id";

	private final JdbcTemplate jdbc;

	private final MergeRows rows;

	DuplicateFinder(JdbcTemplate jdbc, MergeRows rows) {
		this.jdbc = jdbc;
		this.rows = rows;
	}

	/** Whether this database has suggestions to keep (the people model, V19). */
	boolean enabled() {
		return rows.has("contact_duplicates") && rows.has("contact_emails");
	}

	/**
	 * Brings the suggestions of these contacts up to date with their emails, names and
	 * companies as stored now.
	 * @param contactIds contacts just added or changed
	 */
	void refresh(Collection<Long> contactIds) {
		if (!enabled()) {
			return;
		}
		for (long id : new HashSet<>(contactIds)) {
			refresh(id);
		}
	}

	/**
	 * Records the pairs {@link SuggestedDuplicates} found for a page of a sync or an
	 * import, in one batch, in the order of their ids (so that pages merged at once on
	 * two nodes take the rows' locks in the same order).
	 * @param suggestions pairs, maybe some more than once
	 * @param now when they were found
	 */
	void record(List<SuggestedDuplicates.Suggestion> suggestions, LocalDateTime now) {
		List<SuggestedDuplicates.Suggestion> distinct = new ArrayList<>(new LinkedHashSet<>(suggestions));
		distinct.sort(Comparator.comparingLong(SuggestedDuplicates.Suggestion::a)
			.thenComparingLong(SuggestedDuplicates.Suggestion::b));
		jdbc.batchUpdate(INSERT, distinct, distinct.size(), (ps, s) -> {
			ps.setLong(1, s.a());
			ps.setLong(2, s.b());
			ps.setString(3, s.reason());
			ps.setString(4, s.detail());
			ps.setObject(5, now);
		});
	}

	private void refresh(long id) {
		Set<String> holding = new HashSet<>();
		List<String> emails = jdbc.queryForList("SELECT email_key FROM contact_emails WHERE contact_id = ?",
				String.class, id);
		for (String key : emails) {
			List<Long> others = jdbc.queryForList("SELECT contact_id FROM contact_emails WHERE email_key = ? "
					+ "AND contact_id <> ? LIMIT " + MAX_GROUP, Long.class, key, id);
			if (!crowded(others.size() + 1)) {
				others.forEach((other) -> holding.add(suggest(id, other, "email", key)));
			}
		}
		List<String> names = jdbc.queryForList("SELECT name_key FROM contacts WHERE id = ? AND name_key IS NOT NULL",
				String.class, id);
		for (String key : names) {
			if (!SuggestedDuplicates.telling(key)) {
				continue;
			}
			List<Long> others = jdbc.queryForList(
					"SELECT id FROM contacts WHERE name_key = ? AND id <> ? LIMIT " + MAX_GROUP, Long.class, key, id);
			if (!crowded(others.size() + 1)) {
				others.forEach((other) -> holding.add(suggest(id, other, "name", key)));
			}
		}
		List<Object[]> open = jdbc.query("SELECT id, contact_a, contact_b, reason FROM contact_duplicates "
				+ "WHERE (contact_a = ? OR contact_b = ?) AND dismissed_at IS NULL AND reason IN ('email', 'name')",
				(rs, n) -> new Object[] { rs.getLong("id"),
						pair(rs.getLong("contact_a"), rs.getLong("contact_b"), rs.getString("reason")) },
				id, id);
		List<Long> gone = open.stream()
			.filter((row) -> !holding.contains((String) row[1]))
			.map((row) -> (Long) row[0])
			.toList();
		if (!gone.isEmpty()) {
			jdbc.update("DELETE FROM contact_duplicates WHERE id IN (" + placeholders(gone.size()) + ")",
					gone.toArray());
		}
	}

	private String suggest(long id, long other, String reason, String detail) {
		long a = Math.min(id, other);
		long b = Math.max(id, other);
		jdbc.update(INSERT, a, b, reason, (detail.length() > 500) ? detail.substring(0, 500) : detail,
				Timestamp.from(Instant.now()));
		return pair(a, b, reason);
	}

	private static String pair(long a, long b, String reason) {
		return a + "-" + b + "-" + reason;
	}

}
