package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import com.whiskeysocket.crm.staff.StaffDirectory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads one contact as {@link ContactJson}, in the caller's transaction. */
@Component
class ContactJsonReader {

	private final JdbcTemplate jdbc;

	private final StaffDirectory staff;

	ContactJsonReader(JdbcTemplate jdbc, StaffDirectory staff) {
		this.jdbc = jdbc;
		this.staff = staff;
	}

	Optional<ContactJson> read(long id) {
		List<ContactJson.Identity> identities = new ArrayList<>();
		TreeSet<String> sources = new TreeSet<>();
		jdbc.query("SELECT provider, staff_user_id, external_id FROM contact_links WHERE contact_id = ? "
				+ "ORDER BY provider, staff_user_id", (rs) -> {
					String provider = rs.getString("provider");
					sources.add(provider);
					identities.add(new ContactJson.Identity(provider,
							staff.usernameOf(rs.getLong("staff_user_id")).orElse(null), rs.getString("external_id")));
				}, id);
		return jdbc.query("SELECT * FROM contacts WHERE id = ?", (rs, n) -> {
			String source = rs.getString("source");
			if (!source.equals("both")) {
				sources.add(source);
			}
			String phone = rs.getString("phone");
			String email = rs.getString("email");
			long ownerId = rs.getLong("owner_id");
			String owner = rs.wasNull() ? null : staff.usernameOf(ownerId).orElse(null);
			return new ContactJson(id, rs.getString("name"), phone,
					(phone != null) ? List.of(new ContactJson.Phone("+" + phone, null, true, List.copyOf(sources)))
							: List.of(),
					(email != null) ? List.of(new ContactJson.Email(email, null, true)) : List.of(),
					rs.getString("company"), rs.getString("lead_status"), owner, List.copyOf(sources), identities,
					rs.getLong("version"), rs.getTimestamp("created_at").toInstant(),
					rs.getTimestamp("updated_at").toInstant());
		}, id).stream().findFirst();
	}

}
