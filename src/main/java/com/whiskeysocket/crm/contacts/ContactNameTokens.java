package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

/**
 * Keeps {@code contact_name_tokens} (the words of each contact's name, see
 * {@link NameTokens}) in step with the names: called with every contact a transaction
 * wrote, just before it commits, by {@link ContactChanges}.
 */
@Component
class ContactNameTokens {

	private final JdbcTemplate jdbc;

	ContactNameTokens(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** The words of these contacts' names as they are now (deleted ones go with them). */
	void refresh(Collection<Long> contactIds) {
		refresh(contactIds, Map.of());
	}

	/**
	 * The words of these contacts' names as they are now (deleted ones go with them).
	 * @param contactIds contacts whose rows are read for their names
	 * @param inserted contacts inserted in this transaction, with the names they have:
	 * their words are written from these, with neither a read nor a delete
	 */
	void refresh(Collection<Long> contactIds, Map<Long, String> inserted) {
		List<Object[]> rows = new ArrayList<>((contactIds.size() + inserted.size()) * 3);
		new TreeMap<>(inserted)
			.forEach((id, name) -> NameTokens.of(name).forEach((token) -> rows.add(new Object[] { token, id })));
		List<Long> ids = contactIds.stream().filter((id) -> !inserted.containsKey(id)).toList();
		for (int from = 0; from < ids.size(); from += PersonRows.CHUNK) {
			List<Long> chunk = ids.subList(from, Math.min(from + PersonRows.CHUNK, ids.size()));
			Object[] args = chunk.toArray();
			jdbc.query("SELECT id, name FROM contacts WHERE id IN (" + placeholders(chunk.size()) + ")", (rs) -> {
				long id = rs.getLong("id");
				NameTokens.of(rs.getString("name")).forEach((token) -> rows.add(new Object[] { token, id }));
			}, args);
			jdbc.update("DELETE FROM contact_name_tokens WHERE contact_id IN (" + placeholders(chunk.size()) + ")",
					args);
		}
		if (!rows.isEmpty()) {
			jdbc.batchUpdate("INSERT INTO contact_name_tokens (token, contact_id) VALUES (?, ?)", rows);
		}
	}

}
