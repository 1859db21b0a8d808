package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;
import com.whiskeysocket.crm.testsupport.NameSearchIndex;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22.3: a word of a name that more than {@link ContactListQuery#FEW_MATCHES} people
 * have is read in the list's order (an index hint on MariaDB) and counted in the name's
 * words; the people found, their order and the count are those of the plain query.
 */
@MySqlIntegrationTest
class BroadNameSearchMySqlIntegrationTests {

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ContactListQuery list;

	@BeforeEach
	void manyWijayas() {
		jdbc.update("DELETE FROM contacts");
		List<Object[]> rows = new ArrayList<>();
		String[] firsts = { "Budi", "Santi" };
		String[] lasts = { "Wijaya", "Santoso", "Wijayakusuma", "Halim", "Santoso Santika" };
		for (int i = 0; i < 6_000; i++) {
			rows.add(new Object[] { firsts[i % firsts.length] + " " + lasts[(i / 2) % lasts.length],
					"62813" + String.format("%08d", i),
					String.format("2026-03-%02d 10:%02d:%02d", 1 + i % 28, (i / 60) % 60, i % 60) });
		}
		jdbc.batchUpdate("INSERT INTO contacts (name, phone, source, updated_at) VALUES (?, ?, 'whatsapp', ?)", rows);
		NameSearchIndex.rebuild(jdbc);
	}

	@Test
	void aBroadWordFindsTheSamePeopleInTheSameOrderAndCount() {
		for (String q : List.of("wijaya", "sant", "budi wij", "santi santoso")) {
			for (ContactSearch.Order order : ContactSearch.Order.values()) {
				for (int page : new int[] { 0, 3 }) {
					ContactSearch search = new ContactSearch(q, null, null,
							new ContactSearch.OwnerFilter(ContactSearch.OwnerFilter.Kind.ANY, null), page, order);
					ContactListQuery.ContactPage found = list.search(search);
					String where = String.join(" AND ", java.util.Collections.nCopies(NameTokens.of(q).size(),
							"id IN (SELECT contact_id FROM contact_name_tokens WHERE token LIKE ?)"));
					Object[] words = NameTokens.of(q).stream().map((word) -> word + "%").toArray();
					long matches = jdbc.queryForObject("SELECT COUNT(*) FROM contacts WHERE " + where, Long.class,
							words);
					assertThat(matches).as(q).isGreaterThan(ContactListQuery.FEW_MATCHES);
					List<Long> expected = jdbc
						.queryForList("SELECT id FROM contacts WHERE " + where + " ORDER BY " + switch (order) {
							case UPDATED -> "updated_at DESC, id DESC";
							case NAME -> "name ASC, id ASC";
							case NAME_DESC -> "name DESC, id DESC";
						} + " LIMIT 50 OFFSET " + (page * 50), Long.class, words);
					assertThat(found.content().stream().map(ContactRow::id).toList()).as(q + " " + order + " " + page)
						.containsExactlyElementsOf(expected);
					assertThat(found.totalElements()).as(q).isEqualTo(matches);
					assertThat(found.capped()).isFalse();
				}
			}
		}
	}

}
