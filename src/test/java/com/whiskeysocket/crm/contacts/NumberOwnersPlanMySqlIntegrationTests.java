package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The number-owner look-up of a page (3,000 numbers at most) is read number by number in
 * the indexes, never as a derived table joined to a walk of {@code contacts.phone}'s
 * whole index, which some benchmark syncs did (3 to 30 million index entries for 100,000
 * contacts). With each number counted in the index, MariaDB still walks a small table's
 * index where that is cheaper: 1,000 numbers among 3,000 contacts; here 20,000.
 */
@MySqlIntegrationTest
class NumberOwnersPlanMySqlIntegrationTests {

	private static final int NUMBERS = 1000;

	@Autowired
	private ExistingContacts existing;

	@Autowired
	private JdbcTemplate jdbc;

	private List<Object> numbers;

	@BeforeEach
	void contactsWithNumbers() {
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 20 * NUMBERS; i++) {
			rows.add(new Object[] { "Contact " + i, String.format("62812%08d", i) });
		}
		jdbc.batchUpdate("INSERT INTO contacts (name, phone, source) VALUES (?, ?, 'manual')", rows);
		// all but the last thousand have their number's row, as the application writes
		// them
		jdbc.update(
				"INSERT INTO contact_phones (phone, contact_id, is_primary, created_at) "
						+ "SELECT phone, id, TRUE, created_at FROM contacts WHERE phone < ?",
				String.format("62812%08d", 19 * NUMBERS));
		jdbc.execute("ANALYZE TABLE contacts, contact_phones");
		numbers = new ArrayList<>();
		for (int i = 0; i < NUMBERS; i++) {
			numbers.add(String.format("62812%08d", 20 * i));
		}
		numbers.addAll(List.copyOf(numbers));
	}

	@Test
	void eachNumberIsLookedUpInTheIndexes() {
		List<Map<String, Object>> plan = explain(existing.ownersSql(NUMBERS));

		assertThat(plan).extracting((row) -> row.get("table")).containsExactlyInAnyOrder("contact_phones", "contacts");
		assertThat(plan).extracting((row) -> row.get("type")).containsOnly("range");
	}

	@Test
	void withoutTheStatementsSettingsMariaDbTurnsTheListIntoADerivedTable() {
		String sql = existing.ownersSql(NUMBERS);
		assumeTrue(sql.startsWith("SET STATEMENT "), "MariaDB only");

		List<Map<String, Object>> plan = explain(sql.substring(sql.indexOf(" FOR ") + " FOR ".length()));

		assertThat(plan).extracting((row) -> String.valueOf(row.get("table")))
			.anyMatch((table) -> table.startsWith("<derived") || table.startsWith("<subquery"));
	}

	private List<Map<String, Object>> explain(String select) {
		String explain = select.startsWith("SET STATEMENT ") ? select.replace(" FOR SELECT ", " FOR EXPLAIN SELECT ")
				: "EXPLAIN " + select;
		return jdbc.queryForList(explain, numbers.toArray());
	}

}
