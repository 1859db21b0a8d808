package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;
import com.whiskeysocket.crm.testsupport.SqlStatements;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page of a first sync (issue 22, target 1): 1,000 new people with one to three numbers
 * each, in few statements, with every row it must write.
 */
@MySqlIntegrationTest
@Import(SqlStatements.Recording.class)
class FirstSyncStatementsMySqlIntegrationTests {

	@Autowired
	private ContactImport contactImport;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ContactChanges changes;

	private TransactionTemplate transactions;

	@Autowired
	void transactions(PlatformTransactionManager transactionManager) {
		this.transactions = new TransactionTemplate(transactionManager);
	}

	private long staffId;

	@BeforeEach
	void clean() {
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
	}

	@Test
	void firstSyncPageOfNewPeopleTakesAtMostThirteenStatements() {
		List<IncomingContact> page = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			List<String> phones = new ArrayList<>();
			phones.add(String.format("0812%08d", i));
			if (i % 3 != 0) {
				phones.add(String.format("0813%08d", i));
			}
			if (i % 3 == 2) {
				phones.add(String.format("0815%08d", i));
			}
			page.add(IncomingContact.simple("AAMk-" + i, "Contact " + i + " Santoso", null, null,
					(i % 4 == 0) ? "PT Contoh" : null, (i % 2 == 0) ? "contact" + i + "@example.com" : null, phones,
					"ck-" + i, "folder-1"));
		}
		ContactImport.PreparedPage prepared = contactImport
			.prepare(new ImportPage(page, List.of(), "folder-1", null, true));
		SqlStatements.clear();
		ImportCounts counts = contactImport.importPage(Provider.OUTLOOK, staffId, 0, prepared);
		List<String> executed = SqlStatements.sentHere();

		assertThat(counts.added()).isEqualTo(1000);
		assertThat(executed).as("statements of the page").hasSizeLessThanOrEqualTo(13);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_phones", Long.class)).isEqualTo(1999);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_phone_sources", Long.class)).isEqualTo(1999);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_email_sources", Long.class)).isEqualTo(500);
		assertThat(jdbc.queryForObject(
				"SELECT COUNT(*) FROM contact_changes WHERE contact_id IN " + "(SELECT id FROM contacts)", Long.class))
			.isEqualTo(1000);
		assertThat(wordsOf("AAMk-7")).containsExactlyInAnyOrderElementsOf(NameTokens.of("Contact 7 Santoso"));
		assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT contact_id) FROM contact_name_tokens", Long.class))
			.isEqualTo(1000);
	}

	@Test
	void nameWordsOfANewPersonFollowARenameInTheSameTransaction() {
		transactions.executeWithoutResult((status) -> {
			contactImport.importPage(Provider.OUTLOOK, staffId, 0,
					new ImportPage(
							List.of(IncomingContact.simple("AAMk-1", "Rina Kusuma", null, null, null, null,
									List.of("0812-3456-7890"), "ck-1", "folder-1")),
							List.of(), "folder-1", null, true));
			long id = jdbc.queryForObject("SELECT id FROM contacts WHERE outlook_contact_id = 'AAMk-1'", Long.class);
			jdbc.update("UPDATE contacts SET name = 'Budi Santoso' WHERE id = ?", id);
			changes.typed(List.of(id));
		});

		assertThat(wordsOf("AAMk-1")).containsExactlyInAnyOrderElementsOf(NameTokens.of("Budi Santoso"));
	}

	private List<String> wordsOf(String outlookId) {
		return jdbc.queryForList("SELECT t.token FROM contact_name_tokens t JOIN contacts c ON c.id = t.contact_id "
				+ "WHERE c.outlook_contact_id = ?", String.class, outlookId);
	}

}
