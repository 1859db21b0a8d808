package com.whiskeysocket.crm.whatsapp;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A person WhatsApp shows only by a LID, on a real MariaDB/MySQL: one contact without a
 * number, then one contact with the number when a mapping names a number another contact
 * already has, whatever arrives twice.
 */
@MySqlIntegrationTest
@AutoConfigureMockMvc
class WhatsAppLidMySqlIntegrationTests {

	@DynamicPropertySource
	static void whatsapp(DynamicPropertyRegistry registry) {
		registry.add("crm.whatsapp.gateway-url", () -> "http://127.0.0.1:9");
		registry.add("crm.whatsapp.webhook-secret", () -> GatewayStandIn.SECRET);
	}

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private UserDetailsService users;

	private long staffId;

	@BeforeEach
	void linked() {
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contact_merges");
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM whatsapp_links");
		jdbc.update("DELETE FROM whatsapp_webhook_ids");
		jdbc.update("DELETE FROM whatsapp_lid_mappings");
		staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		jdbc.update("INSERT INTO whatsapp_links (staff_user_id, state, requested_at, updated_at) "
				+ "VALUES (?, 'linked', NOW(6), NOW(6))", staffId);
	}

	@Test
	void aLidContactThenItsNumberOfAnotherContactGiveOneContact() throws Exception {
		jdbc.update(
				"INSERT INTO contacts (name, phone, source, google_contact_id, lead_status, created_at, updated_at) "
						+ "VALUES ('Hana (Google)', '6281200000020', 'google', 'people/c20', 'new', NOW(6), NOW(6))");
		long google = jdbc.queryForObject("SELECT id FROM contacts", Long.class);
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
				+ "VALUES ('6281200000020', ?, 'mobile', TRUE, NOW(6))", google);

		String lid = batch(List.of(GatewayStandIn.lidContact("100000000000020@lid", null, "Hana")), List.of());
		send("msg_lid", lid);
		send("msg_lid", lid);
		send("msg_lid_again", lid);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts WHERE phone IS NULL", Integer.class))
			.isEqualTo(1);

		String mapping = batch(List.of(), List.of(GatewayStandIn.mapping("100000000000020@lid", "6281200000020")));
		send("msg_map", mapping);
		send("msg_map_again", mapping);

		assertThat(jdbc.queryForList("SELECT id FROM contacts", Long.class)).containsExactly(google);
		assertThat(jdbc.queryForMap("SELECT name, source, phone FROM contacts")).containsEntry("name", "Hana (Google)")
			.containsEntry("source", "both")
			.containsEntry("phone", "6281200000020");
		assertThat(jdbc.queryForList("SELECT contact_id FROM contact_links WHERE provider = 'whatsapp'", Long.class))
			.containsExactly(google);
		// the join is a merge that can be undone, once however often the mapping came
		assertThat(jdbc.queryForList("SELECT survivor_id FROM contact_merges WHERE undone_at IS NULL", Long.class))
			.containsExactly(google);
	}

	@Test
	void aJoinUndoneStaysUndoneWhenTheMappingComesAgain() throws Exception {
		jdbc.update(
				"INSERT INTO contacts (name, phone, source, google_contact_id, lead_status, created_at, updated_at) "
						+ "VALUES ('Hana (Google)', '6281200000021', 'google', 'people/c21', 'new', NOW(6), NOW(6))");
		long google = jdbc.queryForObject("SELECT id FROM contacts", Long.class);
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
				+ "VALUES ('6281200000021', ?, 'mobile', TRUE, NOW(6))", google);
		send("msg_lid", batch(List.of(GatewayStandIn.lidContact("100000000000021@lid", null, "Hana")), List.of()));
		long lidPerson = jdbc.queryForObject("SELECT id FROM contacts WHERE id <> ?", Long.class, google);
		List<Object> before = state(google, lidPerson);
		String mapping = batch(List.of(), List.of(GatewayStandIn.mapping("100000000000021@lid", "6281200000021")));

		send("msg_map", mapping);
		long mergeId = jdbc.queryForObject("SELECT id FROM contact_merges WHERE survivor_id = ? AND merged_ids = ?",
				Long.class, google, String.valueOf(lidPerson));
		mvc.perform(post("/api/contacts/merges/" + mergeId + "/undo").with(user(users.loadUserByUsername("admin")))
			.with(csrf())).andExpect(status().isOk());
		assertThat(state(google, lidPerson)).isEqualTo(before);

		send("msg_map_later", mapping);

		assertThat(state(google, lidPerson)).isEqualTo(before);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_merges", Integer.class)).isOne();
		assertThat(jdbc.queryForList("SELECT reason FROM contact_duplicates WHERE dismissed_at IS NULL", String.class))
			.containsExactly("phone");
	}

	/** Each contact's row, numbers and identities. */
	private List<Object> state(long... ids) {
		List<Object> state = new java.util.ArrayList<>();
		for (long id : ids) {
			state.add(jdbc.queryForMap(
					"SELECT id, name, phone, source, email, owner_id, lead_status FROM contacts " + "WHERE id = ?",
					id));
			state.add(jdbc.queryForList(
					"SELECT phone, is_primary FROM contact_phones WHERE contact_id = ? " + "ORDER BY phone", id));
			state.add(jdbc.queryForList("SELECT staff_user_id, provider, external_id FROM contact_links "
					+ "WHERE contact_id = ? ORDER BY external_id", id));
		}
		return state;
	}

	private String batch(List<Map<String, Object>> contacts, List<Map<String, Object>> mappings) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("staffId", String.valueOf(staffId));
		data.put("contacts", contacts);
		data.put("mappings", mappings);
		return GatewayStandIn.envelope("contacts.batch", data);
	}

	private void send(String id, String body) throws Exception {
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		mvc.perform(post("/api/whatsapp/events").contentType(MediaType.APPLICATION_JSON)
			.header("webhook-id", id)
			.header("webhook-timestamp", timestamp)
			.header("webhook-signature", GatewayStandIn.signature(GatewayStandIn.SECRET, id, timestamp, body))
			.content(body)).andExpect(status().isOk());
	}

}
