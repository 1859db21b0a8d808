package com.whiskeysocket.crm.contacts;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import static com.whiskeysocket.crm.contacts.SqlArguments.args;
import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;
import org.springframework.stereotype.Component;

/**
 * The contact list's queries, written for 100,000+ rows: a number typed into the search
 * box is an index range on the phone, a name is one scan, and counting stops early.
 */
@Component
class ContactQueries {

	/** Above this many matches a filtered list says "10,000+" instead of counting on. */
	static final int COUNT_CAP = 10_000;

	/** Up to this many name matches are fetched by id; more are read in list order. */
	static final int FEW_MATCHES = 1_000;

	private static final String COLUMNS = "id, name, phone, email, company, source, lead_status, owner_id, "
			+ "updated_at, outlook_contact_id, google_contact_id, outlook_removed_at, google_removed_at";

	private final JdbcTemplate jdbc;

	private final PhoneNumbers phoneNumbers;

	/** MySQL and MariaDB compare with case-insensitive collations; H2 needs LOWER(). */
	private final boolean caseSensitiveLike;

	ContactQueries(JdbcTemplate jdbc, PhoneNumbers phoneNumbers, DataSource dataSource) {
		this.jdbc = jdbc;
		this.phoneNumbers = phoneNumbers;
		this.caseSensitiveLike = isH2(dataSource);
	}

	ContactPage search(ContactSearch search) {
		return search(search, ContactSearch.PAGE_SIZE);
	}

	/**
	 * One page of the contacts matching a search.
	 * @param search the filters, page and order
	 * @param pageSize contacts per page
	 * @return the page, its total counted up to {@link #COUNT_CAP}
	 */
	ContactPage search(ContactSearch search, int pageSize) {
		Where where = where(search);
		if (where.nameSearch) {
			ContactPage few = fewNameMatches(search, where, pageSize);
			if (few != null) {
				return few;
			}
		}
		int offset = search.page() * pageSize;
		List<ContactRow> rows = withLinks(jdbc.query("SELECT " + COLUMNS + " FROM contacts" + where.sql + " ORDER BY "
				+ orderBy(search.order()) + " LIMIT ? OFFSET ?", this::row, args(where.args, pageSize, offset)));
		long total;
		boolean capped = false;
		if (offset == 0 && rows.size() < pageSize) {
			total = rows.size();
		}
		else {
			// the whole list too: an exact count of a million rows reads all of them
			total = jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT 1 FROM contacts" + where.sql + " LIMIT ?) t",
					Long.class, args(where.args, COUNT_CAP + 1));
			capped = total > COUNT_CAP;
			total = Math.min(total, COUNT_CAP);
		}
		return new ContactPage(rows, search.page(), pageSize, total, capped);
	}

	/**
	 * A substring search cannot use an index to filter, but it can scan the narrow
	 * {@code (name, id)} index instead of whole rows. When that finds few matches, their
	 * ids give the exact count and the page; when it finds many, matches are dense and
	 * the ordered query finds a page of them quickly, so this returns {@code null}.
	 */
	private ContactPage fewNameMatches(ContactSearch search, Where where, int pageSize) {
		List<Long> ids = jdbc.queryForList("SELECT id FROM contacts" + where.sql + " LIMIT ?", Long.class,
				args(where.args, FEW_MATCHES + 1));
		if (ids.size() > FEW_MATCHES) {
			return null;
		}
		List<ContactRow> rows = ids.isEmpty() ? List.of()
				: withLinks(jdbc.query(
						"SELECT " + COLUMNS + " FROM contacts WHERE id IN (" + placeholders(ids.size()) + ") ORDER BY "
								+ orderBy(search.order()) + " LIMIT ? OFFSET ?",
						this::row, args(ids, pageSize, search.page() * pageSize)));
		return new ContactPage(rows, search.page(), pageSize, ids.size(), false);
	}

	/**
	 * The exact number of contacts a bulk change would touch.
	 * @param selection the ticked contacts, or all matching a search
	 * @return how many there are
	 */
	long count(Selection selection) {
		Where where = where(selection);
		return jdbc.queryForObject("SELECT COUNT(*) FROM contacts" + where.sql, Long.class, where.args.toArray());
	}

	/**
	 * Reads every selected contact in id order, one page at a time (keyset paging on the
	 * primary key), so that any number of them passes through bounded memory and no
	 * transaction stays open between pages.
	 * @param selection the ticked contacts, or all matching a search
	 * @param columns the columns to read, {@code id} among them
	 * @param mapper maps a row
	 * @param idOf the id of a mapped row
	 * @param pageSize rows per query
	 * @param page called with each page
	 * @return how many contacts were read
	 */
	<T> long forEachSelected(Selection selection, String columns, RowMapper<T> mapper, ToLongFunction<T> idOf,
			int pageSize, Consumer<List<T>> page) {
		Where where = where(selection);
		String sql = "SELECT " + columns + " FROM contacts" + (where.sql.isEmpty() ? " WHERE " : where.sql + " AND ")
				+ "id > ? ORDER BY id LIMIT ?";
		long read = 0;
		long after = 0;
		while (true) {
			List<T> rows = jdbc.query(sql, mapper, args(where.args, after, pageSize));
			if (rows.isEmpty()) {
				return read;
			}
			page.accept(rows);
			read += rows.size();
			if (rows.size() < pageSize) {
				return read;
			}
			after = idOf.applyAsLong(rows.get(rows.size() - 1));
		}
	}

	/**
	 * The ids of the selected contacts, locked, for a change of all of them in this
	 * transaction.
	 * @param selection the ticked contacts, or all matching a search
	 * @return their ids
	 */
	List<Long> ids(Selection selection) {
		Where where = where(selection);
		return jdbc.queryForList("SELECT id FROM contacts" + where.sql + " FOR UPDATE", Long.class,
				where.args.toArray());
	}

	/**
	 * The most numbers or emails one selected contact has, so that an export's header can
	 * give each of them a column.
	 * @param selection the ticked contacts, or all matching a search
	 * @param table {@code contact_phones} or {@code contact_emails}
	 * @return the largest count, 0 when no selected contact has any
	 */
	int mostPerContact(Selection selection, String table) {
		if (!"contact_phones".equals(table) && !"contact_emails".equals(table)) {
			throw new IllegalArgumentException(table);
		}
		Where where = where(selection);
		Integer most = jdbc.queryForObject(
				"SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM " + table
						+ " WHERE contact_id IN (SELECT id FROM contacts" + where.sql + ") GROUP BY contact_id) t",
				Integer.class, where.args.toArray());
		return (most != null) ? most : 0;
	}

	/**
	 * Sets one column of every selected contact.
	 * @param selection the ticked contacts, or all matching a search
	 * @param column {@code lead_status} or {@code owner_id}
	 * @param value the new value ({@code null} for no owner)
	 * @return contacts changed
	 */
	int set(Selection selection, String column, Object value) {
		if (!"lead_status".equals(column) && !"owner_id".equals(column)) {
			throw new IllegalArgumentException(column);
		}
		Where where = where(selection);
		return jdbc.update("UPDATE contacts SET " + column + " = ?, updated_at = ?, version = version + 1" + where.sql,
				args(value, LocalDateTime.now(ZoneOffset.UTC), where.args));
	}

	/**
	 * Deletes every selected contact (their links and notes go with them).
	 * @param selection the ticked contacts, or all matching a search
	 * @return contacts deleted
	 */
	int delete(Selection selection) {
		Where where = where(selection);
		return jdbc.update("DELETE FROM contacts" + where.sql, where.args.toArray());
	}

	/**
	 * The address books that know a contact, most recently seen first.
	 * @param contactId the contact
	 * @return one row per staff member and provider
	 */
	List<SourceLink> links(long contactId) {
		return jdbc.query(
				"SELECT provider, staff_user_id, first_seen_at, last_seen_at FROM contact_links WHERE contact_id = ? "
						+ "ORDER BY last_seen_at DESC, staff_user_id",
				(rs, rowNum) -> new SourceLink(Provider.valueOf(rs.getString("provider").toUpperCase(Locale.ROOT)),
						rs.getLong("staff_user_id"), instant(rs.getTimestamp("first_seen_at")),
						instant(rs.getTimestamp("last_seen_at"))),
				contactId);
	}

	private Where where(Selection selection) {
		if (selection.allMatching()) {
			return where(selection.search());
		}
		if (selection.ids().isEmpty()) {
			return new Where(" WHERE 1 = 0", List.of(), false);
		}
		return new Where(" WHERE id IN (" + placeholders(selection.ids().size()) + ")",
				new ArrayList<>(selection.ids()), false);
	}

	private Where where(ContactSearch search) {
		boolean nameSearch = false;
		List<String> all = new ArrayList<>();
		List<Object> args = new ArrayList<>();
		if (search.source() != null) {
			// "known to" a source: the address books by their ids (a `both` contact is
			// known to WhatsApp and to Google or Outlook), the rest by the source column;
			// known_to_google is (source = 'google' OR google_contact_id IS NOT NULL),
			// known_to_outlook the same for Outlook: indexed virtual columns (V18)
			switch (search.source()) {
				case GOOGLE -> all.add("known_to_google = TRUE");
				case OUTLOOK -> all.add("known_to_outlook = TRUE");
				// a contact added by hand that WhatsApp also knows keeps its source: its
				// link
				// says so
				case WHATSAPP -> all.add("(source IN ('whatsapp', 'both') OR EXISTS (SELECT 1 FROM contact_links l "
						+ "WHERE l.contact_id = contacts.id AND l.provider = 'whatsapp'))");
				// any number or email a file import brought, as the API's "sources" say
				case IMPORT -> all.add("(EXISTS (SELECT 1 FROM contact_phones p JOIN contact_phone_sources s "
						+ "ON s.phone = p.phone WHERE p.contact_id = contacts.id AND s.source = 'import') "
						+ "OR EXISTS (SELECT 1 FROM contact_email_sources e WHERE e.contact_id = contacts.id "
						+ "AND e.source = 'import'))");
				default -> {
					all.add("source = ?");
					args.add(search.source().code());
				}
			}
		}
		if (search.status() != null) {
			all.add("lead_status = ?");
			args.add(search.status().code());
		}
		switch (search.owner().kind()) {
			case ANY -> {
			}
			case NONE -> all.add("owner_id IS NULL");
			case ME, STAFF -> {
				all.add("owner_id = ?");
				args.add(search.owner().staffId());
			}
		}
		if (!search.query().isEmpty()) {
			List<String> prefixes = phoneNumbers.searchPrefixes(search.query());
			if (!prefixes.isEmpty()) {
				// any of a contact's numbers: index ranges on contact_phones' key, no
				// name scan; few matches are then read by id
				nameSearch = true;
				List<String> any = new ArrayList<>();
				for (String prefix : prefixes) {
					any.add("phone LIKE ?");
					args.add(prefix + "%");
				}
				all.add("id IN (SELECT contact_id FROM contact_phones WHERE " + String.join(" OR ", any) + ")");
			}
			else if (search.query().contains("@")) {
				// any of a contact's emails, from its start: an index range on the key
				nameSearch = true;
				all.add("id IN (SELECT contact_id FROM contact_emails WHERE email_key LIKE ?)");
				args.add(escapeLike(Emails.key(search.query())) + "%");
			}
			else {
				nameSearch = true;
				String pattern = "%" + escapeLike(search.query()) + "%";
				all.add(caseSensitiveLike ? "LOWER(name) LIKE ?" : "name LIKE ?");
				args.add(caseSensitiveLike ? pattern.toLowerCase(Locale.ROOT) : pattern);
			}
		}
		String sql = all.isEmpty() ? "" : " WHERE " + String.join(" AND ", all);
		return new Where(sql, args, nameSearch);
	}

	private static String orderBy(ContactSearch.Order order) {
		return switch (order) {
			case UPDATED -> "updated_at DESC, id DESC";
			case NAME -> "name ASC, id ASC";
			case NAME_DESC -> "name DESC, id DESC";
		};
	}

	private ContactRow row(ResultSet rs, int rowNum) throws SQLException {
		String phone = rs.getString("phone");
		long ownerId = rs.getLong("owner_id");
		return new ContactRow(rs.getLong("id"), rs.getString("name"), phone, phoneNumbers.display(phone),
				rs.getString("email"), rs.getString("company"), Source.fromCode(rs.getString("source")),
				LeadStatus.fromCode(rs.getString("lead_status")), rs.wasNull() ? null : ownerId,
				instant(rs.getTimestamp("updated_at")), rs.getTimestamp("outlook_removed_at") != null,
				rs.getTimestamp("google_removed_at") != null,
				ContactRow.knownFrom(Source.fromCode(rs.getString("source")), rs.getString("outlook_contact_id"),
						rs.getString("google_contact_id")));
	}

	/**
	 * Adds what the provenance links of the page's contacts tell, and how many numbers
	 * each has besides the primary: one query each.
	 */
	private List<ContactRow> withLinks(List<ContactRow> rows) {
		if (rows.isEmpty()) {
			return rows;
		}
		Map<Long, Integer> numbers = new HashMap<>();
		jdbc.query("SELECT contact_id, COUNT(*) AS n FROM contact_phones WHERE contact_id IN ("
				+ placeholders(rows.size()) + ") GROUP BY contact_id", (rs) -> {
					numbers.put(rs.getLong("contact_id"), rs.getInt("n"));
				}, rows.stream().map(ContactRow::id).toArray());
		rows = rows.stream()
			.map((row) -> row.withOtherPhones(Math.max(0, numbers.getOrDefault(row.id(), 0) - 1)))
			.toList();
		Map<Long, Set<Source>> linked = new HashMap<>();
		jdbc.query("SELECT DISTINCT contact_id, provider FROM contact_links WHERE contact_id IN ("
				+ placeholders(rows.size()) + ")", (rs) -> {
					linked.computeIfAbsent(rs.getLong("contact_id"), (id) -> EnumSet.noneOf(Source.class))
						.add(Source.fromCode(rs.getString("provider")));
				}, rows.stream().map(ContactRow::id).toArray());
		return rows.stream().map((row) -> row.knownAlsoTo(linked.getOrDefault(row.id(), Set.of()))).toList();
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC) : null;
	}

	private static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	/**
	 * Read once at start-up, just after Flyway has used the database: a failure here is
	 * the database's, never a sign that it is H2.
	 */
	private static boolean isH2(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("h2");
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Could not tell which database this is", ex);
		}
	}

	private record Where(String sql, List<Object> args, boolean nameSearch) {
	}

	/**
	 * The contacts a bulk change is for: the ticked ones, or every contact matching a
	 * search.
	 *
	 * @param ids the ticked contacts
	 * @param allMatching whether to take every contact matching {@code search} instead
	 * @param search the list's filters
	 */
	record Selection(List<Long> ids, boolean allMatching, ContactSearch search) {
	}

	/**
	 * A staff member's address book that has a contact.
	 *
	 * @param provider which kind of address book
	 * @param staffId whose
	 * @param firstSeen when a sync first brought it
	 * @param lastSeen when a sync last saw it
	 */
	record SourceLink(Provider provider, long staffId, Instant firstSeen, Instant lastSeen) {

		public String providerCode() {
			return provider.code();
		}

	}

	/**
	 * One page of the list.
	 *
	 * @param content the rows
	 * @param number the zero-based page
	 * @param size rows per page
	 * @param totalElements matching contacts, at most {@link #COUNT_CAP} when capped
	 * @param capped whether there are more than {@link #COUNT_CAP}
	 */
	record ContactPage(List<ContactRow> content, int number, int size, long totalElements, boolean capped) {

		public boolean hasContent() {
			return !content.isEmpty();
		}

		public int totalPages() {
			return (int) ((totalElements + size - 1) / size);
		}

		/** The one-based position of the first row shown: "51" in "51–100 of 4,210". */
		public long getFrom() {
			return (long) number * size + 1;
		}

		/** The one-based position of the last row shown. */
		public long getTo() {
			return (long) number * size + content.size();
		}

		public boolean hasPrevious() {
			return number > 0;
		}

		public boolean hasNext() {
			return (number + 1) < totalPages() || (capped && content.size() == size);
		}

		public List<ContactRow> getContent() {
			return content;
		}

		public int getNumber() {
			return number;
		}

		public long getTotalElements() {
			return totalElements;
		}

		public int getTotalPages() {
			return totalPages();
		}

		public boolean isCapped() {
			return capped;
		}

	}

}
