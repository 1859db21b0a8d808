package com.whiskeysocket.crm.whatsapp;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * WhatsApp's LIDs in {@code contacts.batch}: the LID ↔ phone mappings the gateway sends
 * (its {@code mappings} and contacts carrying both ids) are kept, once, whichever staff
 * member's phone revealed them, and a contact known only by its LID takes the number a
 * mapping gave it.
 */
@SpringBootTest
@AutoConfigureMockMvc
class WhatsAppIdentitiesIntegrationTests {

	@DynamicPropertySource
	static void whatsapp(DynamicPropertyRegistry registry) {
		registry.add("crm.whatsapp.gateway-url", () -> "http://127.0.0.1:9");
		registry.add("crm.whatsapp.webhook-secret", () -> GatewayStandIn.SECRET);
	}

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	private long rina;

	private long budi;

	private int webhooks;

	@BeforeEach
	void bothLinked() {
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM whatsapp_links");
		jdbc.update("DELETE FROM whatsapp_lid_mappings");
		jdbc.update("DELETE FROM contact_notes");
		jdbc.update("DELETE FROM whatsapp_webhook_ids");
		rina = staff("wa-ids-rina");
		budi = staff("wa-ids-budi");
		for (long staffId : List.of(rina, budi)) {
			jdbc.update("INSERT INTO whatsapp_links (staff_user_id, state, requested_at, updated_at) "
					+ "VALUES (?, 'linked', CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6))", staffId);
		}
	}

	@Test
	void mappingsAreKeptOnceWhoeverSendsThemAndAReplayChangesNothing() throws Exception {
		String body = batch(rina, List.of(GatewayStandIn.contact("6281200000001", "Budi", null)),
				List.of(GatewayStandIn.mapping("100000000000001@lid", "6281200000001"),
						GatewayStandIn.mapping("100000000000002@lid", "6281200000002")));
		send("msg_map_1", body).andExpect(status().isOk());
		send("msg_map_1", body).andExpect(status().isOk());
		send("msg_map_2",
				batch(budi, List.of(), List.of(GatewayStandIn.mapping("100000000000002@lid", "6281200000002"))))
			.andExpect(status().isOk());

		assertThat(mappings()).containsExactly(Map.entry("100000000000001@lid", "6281200000001"),
				Map.entry("100000000000002@lid", "6281200000002"));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isEqualTo(1);
	}

	@Test
	void aContactCarryingItsLidAndNumberGivesTheMapping() throws Exception {
		Map<String, Object> siti = new LinkedHashMap<>(GatewayStandIn.contact("6281200000003", "Siti", null));
		siti.put("lid", "100000000000003:4@lid");

		send("msg_both", batch(rina, List.of(siti), null)).andExpect(status().isOk());

		assertThat(mappings()).containsExactly(Map.entry("100000000000003@lid", "6281200000003"));
		assertThat(jdbc.queryForObject("SELECT name FROM contacts WHERE phone = '6281200000003'", String.class))
			.isEqualTo("Siti");
	}

	@Test
	void aContactKnownOnlyByItsLidTakesTheNumberAnotherLinkedPhoneRevealed() throws Exception {
		send("msg_budi_map",
				batch(budi, List.of(), List.of(GatewayStandIn.mapping("100000000000004@lid", "6281200000004"))))
			.andExpect(status().isOk());

		send("msg_rina_lid", batch(rina, List.of(GatewayStandIn.lidContact("100000000000004@lid", null, "Dewi")), null))
			.andExpect(status().isOk());

		assertThat(jdbc.queryForMap("SELECT name, source FROM contacts WHERE phone = '6281200000004'"))
			.containsEntry("name", "Dewi")
			.containsEntry("source", "whatsapp");
		assertThat(
				jdbc.queryForList("SELECT external_id FROM contact_links WHERE staff_user_id = ?", String.class, rina))
			.containsExactly("6281200000004@s.whatsapp.net");
	}

	@Test
	void aNumberChangedForALidReplacesTheOldOne() throws Exception {
		send("msg_old", batch(rina, List.of(), List.of(GatewayStandIn.mapping("100000000000005@lid", "6281200000005"))))
			.andExpect(status().isOk());
		send("msg_new", batch(budi, List.of(), List.of(GatewayStandIn.mapping("100000000000005@lid", "6281200000055"))))
			.andExpect(status().isOk());

		assertThat(mappings()).containsExactly(Map.entry("100000000000005@lid", "6281200000055"));
	}

	@Test
	void mappingsThatAreNotAListAreRefusedAndMalformedPairsSkipped() throws Exception {
		send("msg_bad",
				GatewayStandIn.envelope("contacts.batch",
						Map.of("staffId", String.valueOf(rina), "contacts", List.of(), "mappings", "not a list")))
			.andExpect(status().isBadRequest());
		send("msg_junk",
				batch(rina, List.of(), List.of(Map.of("lid", "120363000000000001@g.us", "phone", "6281200000006"),
						Map.of("lid", "100000000000006@lid", "phone", "12"))))
			.andExpect(status().isOk());

		assertThat(mappings()).isEmpty();
	}

	@Test
	void aContactKnownOnlyByItsLidIsOneContactWithoutANumberWhoeverSeesIt() throws Exception {
		String body = batch(rina, List.of(GatewayStandIn.lidContact("100000000000010@lid", null, "Citra")), null);
		send("msg_lid_1", body).andExpect(status().isOk());
		send("msg_lid_1", body).andExpect(status().isOk());
		send("msg_lid_2", body).andExpect(status().isOk());
		send("msg_lid_3",
				batch(budi, List.of(GatewayStandIn.lidContact("100000000000010:2@lid", "Citra Dewi", "Citra")), null))
			.andExpect(status().isOk());

		assertThat(jdbc.queryForList("SELECT name, phone, source, owner_id FROM contacts"))
			.containsExactly(row("name", "Citra", "phone", null, "source", "whatsapp", "owner_id", rina));
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_phones", Integer.class)).isZero();
		assertThat(jdbc.queryForList("SELECT staff_user_id FROM contact_links WHERE provider = 'whatsapp' "
				+ "AND external_id = '100000000000010@lid' ORDER BY staff_user_id", Long.class))
			.containsExactly(rina, budi);
	}

	@Test
	@WithUserDetails("admin")
	void pagesSayTheNumberIsHiddenAndOfferNoChatOrCallLink() throws Exception {
		send("msg_lid_page", batch(rina, List.of(GatewayStandIn.lidContact("100000000000013@lid", "Gita", null)), null))
			.andExpect(status().isOk());
		long id = jdbc.queryForObject("SELECT id FROM contacts", Long.class);

		String page = mvc.perform(get("/contacts/" + id))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("Gita", "WhatsApp · number hidden").doesNotContain("wa.me/", "tel:+");
		String list = mvc.perform(get("/contacts"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(list).contains("Gita", "WhatsApp · number hidden").doesNotContain("wa.me/", "tel:+");
	}

	@Test
	void whenWhatsAppRevealsTheNumberItAttachesToThatContact() throws Exception {
		send("msg_lid", batch(rina, List.of(GatewayStandIn.lidContact("100000000000011@lid", null, "Eko")), null))
			.andExpect(status().isOk());
		long id = jdbc.queryForObject("SELECT id FROM contacts", Long.class);

		String mapping = batch(budi, List.of(),
				List.of(GatewayStandIn.mapping("100000000000011@lid", "6281200000011")));
		send("msg_number", mapping).andExpect(status().isOk());
		send("msg_number_again", mapping).andExpect(status().isOk());

		assertThat(jdbc.queryForList("SELECT id, phone, name FROM contacts"))
			.containsExactly(row("id", id, "phone", "6281200000011", "name", "Eko"));
		assertThat(jdbc.queryForList("SELECT phone, contact_id, is_primary FROM contact_phones"))
			.containsExactly(row("phone", "6281200000011", "contact_id", id, "is_primary", true));
		assertThat(jdbc.queryForList("SELECT source, staff_user_id FROM contact_phone_sources"))
			.containsExactly(row("source", "whatsapp", "staff_user_id", budi));
	}

	@Test
	void whenTheNumberIsAnotherContactsTheTwoBecomeOne() throws Exception {
		jdbc.update("INSERT INTO contacts (name, phone, source, outlook_contact_id, lead_status) "
				+ "VALUES ('Fajar (kantor)', '6281200000012', 'outlook', 'AAMk-1', 'new')");
		long outlook = jdbc.queryForObject("SELECT id FROM contacts", Long.class);
		jdbc.update("INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at) "
				+ "VALUES ('6281200000012', ?, 'work', TRUE, CURRENT_TIMESTAMP(6))", outlook);
		send("msg_lid", batch(rina, List.of(GatewayStandIn.lidContact("100000000000012@lid", null, "Fajar")), null))
			.andExpect(status().isOk());
		long hidden = jdbc.queryForObject("SELECT id FROM contacts WHERE phone IS NULL", Long.class);
		jdbc.update("UPDATE contacts SET lead_status = 'contacted' WHERE id = ?", hidden);
		jdbc.update("INSERT INTO contact_notes (contact_id, author_name, body, created_at) "
				+ "VALUES (?, 'Rina', 'Asked for the price list', CURRENT_TIMESTAMP(6))", hidden);

		String mapping = batch(rina, List.of(),
				List.of(GatewayStandIn.mapping("100000000000012@lid", "6281200000012")));
		send("msg_number", mapping).andExpect(status().isOk());
		send("msg_number_replayed_as_new", mapping).andExpect(status().isOk());

		assertThat(jdbc.queryForList("SELECT id, name, phone, source, lead_status FROM contacts"))
			.containsExactly(row("id", outlook, "name", "Fajar (kantor)", "phone", "6281200000012", "source", "both",
					"lead_status", "contacted"));
		assertThat(jdbc.queryForList("SELECT contact_id FROM contact_notes", Long.class)).containsExactly(outlook);
		assertThat(jdbc.queryForList("SELECT contact_id FROM contact_links WHERE external_id = '100000000000012@lid'",
				Long.class))
			.containsExactly(outlook);

		send("msg_lid_later",
				batch(rina, List.of(GatewayStandIn.lidContact("100000000000012@lid", null, "Fajar")), null))
			.andExpect(status().isOk());
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isEqualTo(1);
	}

	private static Map<String, Object> row(Object... pairs) {
		Map<String, Object> row = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			row.put((String) pairs[i], pairs[i + 1]);
		}
		return row;
	}

	private Map<String, String> mappings() {
		Map<String, String> mappings = new LinkedHashMap<>();
		jdbc.query("SELECT lid, phone FROM whatsapp_lid_mappings ORDER BY lid", (rs) -> {
			mappings.put(rs.getString("lid"), rs.getString("phone"));
		});
		return mappings;
	}

	private long staff(String username) {
		jdbc.update(
				"INSERT INTO staff_users (username, display_name, password_hash) SELECT ?, ?, 'x' FROM DUAL "
						+ "WHERE NOT EXISTS (SELECT 1 FROM staff_users WHERE username = ?)",
				username, username, username);
		return jdbc.queryForObject("SELECT id FROM staff_users WHERE username = ?", Long.class, username);
	}

	private static String batch(long staffId, List<Map<String, Object>> contacts, List<Map<String, Object>> mappings) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("staffId", String.valueOf(staffId));
		data.put("contacts", contacts);
		if (mappings != null) {
			data.put("mappings", mappings);
		}
		return GatewayStandIn.envelope("contacts.batch", data);
	}

	private ResultActions send(String id, String body) throws Exception {
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		return mvc.perform(post("/api/whatsapp/events").contentType(MediaType.APPLICATION_JSON)
			.header("webhook-id", id)
			.header("webhook-timestamp", timestamp)
			.header("webhook-signature", GatewayStandIn.signature(GatewayStandIn.SECRET, id, timestamp, body))
			.content(body));
	}

}
