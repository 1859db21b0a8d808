package com.whiskeysocket.crm.contacts;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import static com.whiskeysocket.crm.contacts.SqlArguments.args;

/**
 * The contacts a bulk change or an export is for, counted, changed, deleted or read in
 * pages of any size through bounded memory.
 */
@Component
class ContactSelections {

	private final JdbcTemplate jdbc;

	private final ContactFilters filters;

	ContactSelections(JdbcTemplate jdbc, ContactFilters filters) {
		this.jdbc = jdbc;
		this.filters = filters;
	}

	/**
	 * The exact number of contacts a bulk change would touch.
	 * @param selection the ticked contacts, or all matching a search
	 * @return how many there are
	 */
	long count(Selection selection) {
		ContactFilters.Where where = filters.where(selection);
		return jdbc.queryForObject("SELECT COUNT(*) FROM contacts" + where.sql(), Long.class, where.args().toArray());
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
		ContactFilters.Where where = filters.where(selection);
		String sql = "SELECT " + columns + " FROM contacts"
				+ (where.sql().isEmpty() ? " WHERE " : where.sql() + " AND ") + "id > ? ORDER BY id LIMIT ?";
		long read = 0;
		long after = 0;
		while (true) {
			List<T> rows = jdbc.query(sql, mapper, args(where.args(), after, pageSize));
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
		ContactFilters.Where where = filters.where(selection);
		return jdbc.queryForList("SELECT id FROM contacts" + where.sql() + " FOR UPDATE", Long.class,
				where.args().toArray());
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
		ContactFilters.Where where = filters.where(selection);
		Integer most = jdbc.queryForObject(
				"SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM " + table
						+ " WHERE contact_id IN (SELECT id FROM contacts" + where.sql() + ") GROUP BY contact_id) t",
				Integer.class, where.args().toArray());
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
		ContactFilters.Where where = filters.where(selection);
		return jdbc.update(
				"UPDATE contacts SET " + column + " = ?, updated_at = ?, version = version + 1" + where.sql(),
				args(value, LocalDateTime.now(ZoneOffset.UTC), where.args()));
	}

	/**
	 * Deletes every selected contact (their links and notes go with them).
	 * @param selection the ticked contacts, or all matching a search
	 * @return contacts deleted
	 */
	int delete(Selection selection) {
		ContactFilters.Where where = filters.where(selection);
		return jdbc.update("DELETE FROM contacts" + where.sql(), where.args().toArray());
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

}
