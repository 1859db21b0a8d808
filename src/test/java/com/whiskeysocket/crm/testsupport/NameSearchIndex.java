package com.whiskeysocket.crm.testsupport;

import java.util.ArrayList;
import java.util.List;

import com.whiskeysocket.crm.contacts.NameTokens;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The name search's words ({@code contact_name_tokens}) for contacts a test inserted with
 * plain SQL, which the application's writes would have added: as the V29_1 migration
 * fills them.
 */
public final class NameSearchIndex {

	private NameSearchIndex() {
	}

	public static void rebuild(JdbcTemplate jdbc) {
		jdbc.update("DELETE FROM contact_name_tokens");
		long after = 0;
		while (true) {
			List<Object[]> rows = new ArrayList<>();
			long[] last = { after };
			jdbc.query("SELECT id, name FROM contacts WHERE id > ? ORDER BY id LIMIT 10000", (rs) -> {
				last[0] = rs.getLong("id");
				NameTokens.of(rs.getString("name")).forEach((token) -> rows.add(new Object[] { token, last[0] }));
			}, after);
			if (last[0] == after) {
				return;
			}
			jdbc.batchUpdate("INSERT INTO contact_name_tokens (token, contact_id) VALUES (?, ?)", rows);
			after = last[0];
		}
	}

}
