package com.whiskeysocket.crm.outlook;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each staff member's Graph delta links, one per contact folder: where the next sync of
 * that folder starts. A link is saved in the transaction of the page it came with.
 */
@Component
class OutlookDeltaLinks {

	/**
	 * The key of the default Contacts folder, whose id Graph only reveals through its
	 * contacts.
	 */
	static final String DEFAULT_FOLDER = "default";

	private final JdbcTemplate jdbc;

	OutlookDeltaLinks(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Map<String, Stored> of(long staffId) {
		Map<String, Stored> links = new HashMap<>();
		jdbc.query("SELECT folder_key, folder_id, delta_link FROM outlook_delta_links WHERE staff_user_id = ?",
				(rs) -> {
					links.put(rs.getString("folder_key"),
							new Stored(rs.getString("folder_id"), rs.getString("delta_link")));
				}, staffId);
		return links;
	}

	void save(long staffId, String folderKey, String folderId, String deltaLink) {
		LocalDateTime now = LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
		jdbc.update(
				"INSERT INTO outlook_delta_links (staff_user_id, folder_key, folder_id, delta_link, updated_at) "
						+ "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE folder_id = VALUES(folder_id), "
						+ "delta_link = VALUES(delta_link), updated_at = VALUES(updated_at)",
				staffId, folderKey, folderId, deltaLink, now);
	}

	void delete(long staffId, String folderKey) {
		jdbc.update("DELETE FROM outlook_delta_links WHERE staff_user_id = ? AND folder_key = ?", staffId, folderKey);
	}

	/** Forgets links of folders that no longer exist. */
	void keepOnly(long staffId, Collection<String> folderKeys) {
		of(staffId).keySet().stream().filter((key) -> !folderKeys.contains(key)).forEach((key) -> delete(staffId, key));
	}

	void deleteAll(long staffId) {
		jdbc.update("DELETE FROM outlook_delta_links WHERE staff_user_id = ?", staffId);
	}

	record Stored(String folderId, String deltaLink) {
	}

}
