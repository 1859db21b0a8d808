package com.whiskeysocket.crm.contacts;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rows a merge changes, read and written as column → text: a merge keeps them as they
 * were so that its undo can put every one back exactly, whatever columns a table gains
 * later. Text is what both MariaDB/MySQL and H2 read back into any column type unchanged
 * (a {@code DATETIME(6)} to the microsecond, a {@code BIGINT}, an {@code ENUM}); booleans
 * are written {@code 1} / {@code 0}, which both take.
 */
@Component
class MergeRows {

	/**
	 * Tables whose rows belong to one contact and move to the survivor of a merge, in the
	 * order they are moved; those the database has are used, each keyed by its primary
	 * key less the contact column. A row of a merged contact whose key the survivor
	 * already has is dropped (the survivor's stays); the undo brings it back. Add a table
	 * here when it gains rows that belong to a contact.
	 */
	private static final List<String[]> CANDIDATES = List.of(new String[] { "contact_phones", "contact_id" },
			new String[] { "contact_emails", "contact_id" }, new String[] { "contact_links", "contact_id" },
			new String[] { "contact_notes", "contact_id" });

	private final JdbcTemplate jdbc;

	private volatile Schema schema;

	MergeRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The tables whose rows belong to a contact, as this database has them. */
	List<Owned> owned() {
		return schema().owned();
	}

	/** Whether the database has this table. */
	boolean has(String table) {
		return schema().generated().containsKey(table);
	}

	private Schema schema() {
		Schema known = schema;
		if (known == null) {
			known = jdbc.execute((ConnectionCallback<Schema>) this::readSchema);
			schema = known;
		}
		return known;
	}

	private Schema readSchema(Connection connection) throws SQLException {
		DatabaseMetaData meta = connection.getMetaData();
		Map<String, Set<String>> generated = new HashMap<>();
		Map<String, Set<String>> all = new HashMap<>();
		List<Owned> owned = new ArrayList<>();
		for (String table : List.of("contacts", "contact_phones", "contact_emails", "contact_email_sources",
				"contact_links", "contact_notes", "contact_duplicates", "contact_redirects")) {
			Set<String> columns = new HashSet<>();
			Set<String> every = new HashSet<>();
			boolean exists = false;
			for (String name : new String[] { table, table.toUpperCase(Locale.ROOT) }) {
				try (ResultSet rs = meta.getColumns(connection.getCatalog(), connection.getSchema(), name, null)) {
					while (rs.next()) {
						exists = true;
						every.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
						if ("YES".equalsIgnoreCase(rs.getString("IS_GENERATEDCOLUMN"))) {
							columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
						}
					}
				}
				if (exists) {
					break;
				}
			}
			if (exists) {
				generated.put(table, columns);
				all.put(table, every);
			}
		}
		for (String[] candidate : CANDIDATES) {
			if (!generated.containsKey(candidate[0])) {
				continue;
			}
			List<String> key = new ArrayList<>();
			for (String name : new String[] { candidate[0], candidate[0].toUpperCase(Locale.ROOT) }) {
				try (ResultSet rs = meta.getPrimaryKeys(connection.getCatalog(), connection.getSchema(), name)) {
					Map<Integer, String> ordered = new java.util.TreeMap<>();
					while (rs.next()) {
						ordered.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
					}
					ordered.values().stream().filter((column) -> !column.equals(candidate[1])).forEach(key::add);
				}
				if (!key.isEmpty()) {
					break;
				}
			}
			owned.add(new Owned(candidate[0], candidate[1], List.copyOf(key),
					all.get(candidate[0]).contains("is_primary")));
		}
		return new Schema(List.copyOf(owned), generated);
	}

	/** Every row of a table whose column holds one of the ids, in a stable order. */
	List<Map<String, String>> read(String table, String column, Collection<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.query("SELECT * FROM " + table + " WHERE " + column + " IN (" + placeholders(ids.size())
				+ ") ORDER BY " + column, (rs, n) -> row(rs), ids.toArray());
	}

	/** Every row of a table matching a condition ({@code WHERE} and what follows). */
	List<Map<String, String>> readWhere(String table, String where, Object[] args) {
		return jdbc.query("SELECT * FROM " + table + " WHERE " + where, (rs, n) -> row(rs), args);
	}

	/** Inserts a row read by {@link #read}, with its own id. */
	void insert(String table, Map<String, String> row) {
		Set<String> generated = schema().generated().getOrDefault(table, Set.of());
		List<String> columns = row.keySet().stream().filter((column) -> !generated.contains(column)).toList();
		jdbc.update("INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
				+ placeholders(columns.size()) + ")", columns.stream().map(row::get).toArray());
	}

	/**
	 * Writes the given columns of a row found by its key columns.
	 * @return how many rows changed
	 */
	int update(String table, Map<String, String> values, Map<String, String> where) {
		List<Object> args = new ArrayList<>(values.values());
		args.addAll(where.values());
		String set = values.keySet().stream().map((column) -> column + " = ?").collect(Collectors.joining(", "));
		return jdbc.update("UPDATE " + table + " SET " + set + " WHERE " + condition(where), args.toArray());
	}

	/** Deletes the rows matching every given column. */
	int delete(String table, Map<String, String> where) {
		return jdbc.update("DELETE FROM " + table + " WHERE " + condition(where), where.values().toArray());
	}

	private static String condition(Map<String, String> where) {
		return where.keySet().stream().map((column) -> column + " = ?").collect(Collectors.joining(" AND "));
	}

	/**
	 * What this database has of the tables a merge reads.
	 *
	 * @param owned the tables whose rows belong to a contact
	 * @param generated the computed columns of each table there is
	 */
	private record Schema(List<Owned> owned, Map<String, Set<String>> generated) {
	}

	private static Map<String, String> row(ResultSet rs) throws SQLException {
		ResultSetMetaData meta = rs.getMetaData();
		Map<String, String> row = new LinkedHashMap<>();
		for (int i = 1; i <= meta.getColumnCount(); i++) {
			String column = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
			int type = meta.getColumnType(i);
			String value;
			if (type == Types.BIT || type == Types.BOOLEAN) {
				boolean flag = rs.getBoolean(i);
				value = rs.wasNull() ? null : (flag ? "1" : "0");
			}
			else {
				value = rs.getString(i);
			}
			row.put(column, value);
		}
		return row;
	}

	/**
	 * A table whose rows belong to a contact.
	 *
	 * @param table the table
	 * @param contactColumn the column holding the contact's id
	 * @param key the columns that make two of one contact's rows the same one (besides
	 * the contact)
	 * @param hasPrimary whether one row of a contact is its primary one
	 * ({@code is_primary})
	 */
	record Owned(String table, String contactColumn, List<String> key, boolean hasPrimary) {

		Map<String, String> keyOf(Map<String, String> row) {
			Map<String, String> values = new LinkedHashMap<>();
			key.forEach((column) -> values.put(column, row.get(column)));
			return values;
		}

	}

}
