package com.whiskeysocket.crm.contacts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real InnoDB: a transaction that took its sequence number before another but
 * commits after it is not lost by a reader who read in between (its number waits in the
 * cursor), and is delivered once it commits; a page of a thousand changes takes no more
 * numbers than it writes, so a reader goes on past it at once.
 */
@MySqlIntegrationTest
class ContactFeedMySqlIntegrationTests {

	private static final long EARLY = 990_000_001L;

	private static final long LATE = 990_000_002L;

	private static final String PAGE_PHONES = "6289900";

	@Autowired
	private ContactFeed feed;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ContactChanges changes;

	@AfterEach
	void forget() {
		jdbc.update("DELETE FROM contact_changes WHERE contact_id IN (?, ?)", EARLY, LATE);
		jdbc.update("DELETE FROM contact_name_tokens WHERE contact_id IN (SELECT id FROM contacts WHERE phone LIKE ?)",
				PAGE_PHONES + "%");
		jdbc.update("DELETE FROM contacts WHERE phone LIKE ?", PAGE_PHONES + "%");
	}

	@Test
	void aPageOfChangesLeavesNoGapSoAReaderGoesOnPastItAtOnce() {
		// the sequence rows stay (deleting the newest would leave a gap of their own)
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < 981; i++) {
			rows.add(new Object[] { "Feed Page " + i, PAGE_PHONES + String.format("%06d", i) });
		}
		jdbc.batchUpdate("INSERT INTO contacts (name, phone, source) VALUES (?, ?, 'outlook')", rows);
		List<Long> ids = jdbc.queryForList("SELECT id FROM contacts WHERE phone LIKE ? ORDER BY id", Long.class,
				PAGE_PHONES + "%");
		ContactFeed.Cursor before = feed.now();

		// a sync's page of 1,000 with 20 contacts skipped (as one write; written as a
		// JDBC
		// batch, InnoDB reserved 1,023 numbers for it), then one more contact by itself
		long admin = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		changes.synced(Provider.OUTLOOK, admin, ids.subList(0, 980), List.of());
		changes.typed(List.of(ids.get(980)));

		ContactFeed.Window window = feed.since(before, 2000);
		assertThat(window.changes()).extracting(ContactFeed.Change::contactId).containsExactlyElementsOf(ids);
		assertThat(window.more()).isFalse();
	}

	@Test
	void aChangeCommittedAfterALaterOneIsDeliveredOnTheNextRead() throws Exception {
		ContactFeed.Cursor cursor = feed.now();
		ContactFeed.Window first;
		long earlySeq;
		try (Connection early = dataSource.getConnection()) {
			early.setAutoCommit(false);
			earlySeq = insert(early, EARLY);
			// another writer takes the next number and commits first
			try (Connection late = dataSource.getConnection()) {
				late.setAutoCommit(true);
				assertThat(insert(late, LATE)).isGreaterThan(earlySeq);
			}

			first = feed.since(cursor, 100);

			assertThat(first.changes()).containsExactly(new ContactFeed.Change(LATE, false));
			assertThat(first.next().pending()).extracting(ContactFeed.Pending::seq).contains(earlySeq);
			early.commit();
		}

		ContactFeed.Window second = feed.since(ContactFeed.Cursor.decode(first.next().encode()).orElseThrow(), 100);

		assertThat(second.changes()).containsExactly(new ContactFeed.Change(EARLY, false));
		assertThat(feed.since(second.next(), 100).changes()).isEmpty();
	}

	private static long insert(Connection connection, long contactId) throws Exception {
		try (PreparedStatement insert = connection.prepareStatement(
				"INSERT INTO contact_changes (contact_id, deleted, changed_at) VALUES (?, FALSE, ?)",
				Statement.RETURN_GENERATED_KEYS)) {
			insert.setLong(1, contactId);
			insert.setObject(2, LocalDateTime.now(ZoneOffset.UTC));
			insert.executeUpdate();
			try (ResultSet keys = insert.getGeneratedKeys()) {
				keys.next();
				return keys.getLong(1);
			}
		}
	}

}
