package com.whiskeysocket.crm.contacts;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Which database this is, for the few statements that tell MariaDB and MySQL how to read
 * a table. Their optimizers guess a long list's matches in a non-unique index from
 * statistics that lag behind a table growing by a thousand rows a page: a look-up of a
 * page's numbers on {@code contacts.phone} was seen to read the whole index (20 million
 * rows over one sync of 100,000) in some runs and 1,000 rows a page in others. H2 has no
 * such hints and no such problem.
 */
@Component
class IndexHints {

	private final boolean h2;

	private final boolean mariaDb;

	IndexHints(DataSource dataSource) {
		String[] database = database(dataSource);
		this.h2 = database[0].toLowerCase(Locale.ROOT).contains("h2");
		this.mariaDb = database[1].toLowerCase(Locale.ROOT).contains("mariadb");
	}

	/** Whether the database is H2 (tests, the demo), not MariaDB or MySQL. */
	boolean h2() {
		return h2;
	}

	/**
	 * The hint to put after a table's name so that it is read through this index, with a
	 * leading space; empty on H2.
	 */
	String force(String index) {
		return h2 ? "" : " FORCE INDEX (" + index + ")";
	}

	/**
	 * A {@code SELECT} whose {@code IN} lists are looked up value by value in the index,
	 * however long: the optimizer counts each value's rows in the index itself instead of
	 * guessing them from statistics (MariaDB and MySQL do so up to 199 values), and
	 * MariaDB does not turn a list of 1,000 or more into a derived table either. The
	 * count costs about as much as the look-up; a walk of the index costs a hundred times
	 * more.
	 * @param select a statement starting with {@code SELECT }
	 */
	String exactRanges(String select) {
		if (h2) {
			return select;
		}
		if (mariaDb) {
			return "SET STATEMENT in_predicate_conversion_threshold = 0, eq_range_index_dive_limit = 0 FOR " + select;
		}
		return "SELECT /*+ SET_VAR(eq_range_index_dive_limit = 0) */ " + select.substring("SELECT ".length());
	}

	/**
	 * The product's name and version, read once at start-up just after Flyway has used
	 * the database: a failure here is the database's, never a sign that it is H2. A
	 * MariaDB server names itself in its version, whichever driver asks.
	 */
	private static String[] database(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return new String[] { connection.getMetaData().getDatabaseProductName(),
					connection.getMetaData().getDatabaseProductVersion() };
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("Could not tell which database this is", ex);
		}
	}

}
