package com.whiskeysocket.crm.contacts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import static com.whiskeysocket.crm.contacts.SqlArguments.args;
import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

/**
 * One page of the contact list, written for 100,000+ rows: the filters' indexes pick the
 * rows, few name matches are read by id, and counting stops early.
 */
@Component
class ContactListQuery {

	/** Above this many matches a filtered list says "10,000+" instead of counting on. */
	static final int COUNT_CAP = 10_000;

	/** Up to this many name matches are fetched by id; more are read in list order. */
	static final int FEW_MATCHES = 1_000;

	private static final String COLUMNS = "id, name, phone, email, company, source, lead_status, owner_id, "
			+ "updated_at, outlook_contact_id, google_contact_id, outlook_removed_at, google_removed_at";

	private final JdbcTemplate jdbc;

	private final PhoneNumbers phoneNumbers;

	private final ContactFilters filters;

	private final IndexHints hints;

	ContactListQuery(JdbcTemplate jdbc, PhoneNumbers phoneNumbers, ContactFilters filters, IndexHints hints) {
		this.jdbc = jdbc;
		this.phoneNumbers = phoneNumbers;
		this.filters = filters;
		this.hints = hints;
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
		ContactFilters.Where where = filters.where(search);
		if (where.nameSearch()) {
			ContactPage few = fewNameMatches(search, where, pageSize);
			if (few != null) {
				return few;
			}
		}
		int offset = search.page() * pageSize;
		// more than FEW_MATCHES people have a word of the name: walking the list in its
		// order finds a page of them, where MariaDB's own plan reads and sorts every
		// match (40,000 for "wijaya" at a million); the walk reads the order's index
		// alone (its (key, id) entries and the words' ids), and only the page's rows are
		// read whole: reading each walked row cost 266 ms when the newest 100,000 people
		// had other names. H2 has no hint
		boolean broadName = where.nameSearch() && where.onlyNameWords() && !hints.h2();
		List<ContactRow> rows;
		if (broadName) {
			rows = withLinks(jdbc.query("SELECT " + qualified(COLUMNS) + " FROM (SELECT id FROM contacts"
					+ hints.force(orderIndex(search.order())) + where.sql() + " ORDER BY " + orderBy(search.order())
					+ " LIMIT ? OFFSET ?) page JOIN contacts c ON c.id = page.id ORDER BY "
					+ qualified(orderBy(search.order())), this::row, args(where.args(), pageSize, offset)));
		}
		else {
			rows = withLinks(jdbc.query("SELECT " + COLUMNS + " FROM contacts" + where.sql() + " ORDER BY "
					+ orderBy(search.order()) + " LIMIT ? OFFSET ?", this::row, args(where.args(), pageSize, offset)));
		}
		long total;
		boolean capped = false;
		if (offset == 0 && rows.size() < pageSize) {
			total = rows.size();
		}
		else if (where.nameSearch() && where.onlyNameWords()) {
			// counted in the name's words alone (each word's people, by the words'
			// key), not by reading the contacts: every word belongs to a contact
			total = jdbc.queryForObject("SELECT COUNT(*) FROM (" + nameWordIds(where.namePrefixes()) + " LIMIT ?) t",
					Long.class, args(where.namePrefixes(), COUNT_CAP + 1));
			capped = total > COUNT_CAP;
			total = Math.min(total, COUNT_CAP);
		}
		else {
			// the whole list too: an exact count of a million rows reads all of them
			total = jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT 1 FROM contacts" + where.sql() + " LIMIT ?) t",
					Long.class, args(where.args(), COUNT_CAP + 1));
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
	private ContactPage fewNameMatches(ContactSearch search, ContactFilters.Where where, int pageSize) {
		// words alone: their people from the words' key, which stops at the limit (every
		// word belongs to a contact), not a join that first gathers every match
		List<Long> ids = where.onlyNameWords()
				? jdbc.queryForList(nameWordIds(where.namePrefixes()) + " LIMIT ?", Long.class,
						args(where.namePrefixes(), FEW_MATCHES + 1))
				: jdbc.queryForList("SELECT id FROM contacts" + where.sql() + " LIMIT ?", Long.class,
						args(where.args(), FEW_MATCHES + 1));
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
	 * The distinct people who have a word starting with each of these patterns, from
	 * {@code contact_name_tokens} alone.
	 */
	private static String nameWordIds(List<String> prefixes) {
		StringBuilder sql = new StringBuilder(
				"SELECT DISTINCT t0.contact_id FROM contact_name_tokens t0 " + "WHERE t0.token LIKE ?");
		for (int i = 1; i < prefixes.size(); i++) {
			sql.append(" AND EXISTS (SELECT 1 FROM contact_name_tokens t")
				.append(i)
				.append(" WHERE t")
				.append(i)
				.append(".contact_id = t0.contact_id AND t")
				.append(i)
				.append(".token LIKE ?)");
		}
		return sql.toString();
	}

	/** Columns or an order, each name prefixed with {@code c.}. */
	private static String qualified(String names) {
		return String.join(", ", Arrays.stream(names.split(",\\s*")).map((n) -> "c." + n).toList());
	}

	/** The index that has the contacts in this order (V1). */
	private static String orderIndex(ContactSearch.Order order) {
		return switch (order) {
			case UPDATED -> "idx_contacts_updated_at";
			case NAME, NAME_DESC -> "idx_contacts_name";
		};
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
