package com.whiskeysocket.crm.whatsapp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.testsupport.MySqlIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A {@code contacts.batch} of 1,000 on a real MariaDB/MySQL: merged in one transaction by
 * the WhatsApp rules, and when the database fails at its very end (after every contact
 * row was written), nothing of it stays, its webhook id included, so the gateway's retry
 * merges it whole.
 */
@MySqlIntegrationTest
@AutoConfigureMockMvc
class WhatsAppBatchMySqlIntegrationTests {

	@DynamicPropertySource
	static void whatsapp(DynamicPropertyRegistry registry) {
		registry.add("crm.whatsapp.gateway-url", () -> "http://127.0.0.1:9");
		registry.add("crm.whatsapp.webhook-secret", () -> GatewayStandIn.SECRET);
	}

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	private long staffId;

	@BeforeEach
	void linkRequested() {
		jdbc.execute("DROP TRIGGER IF EXISTS fail_last_whatsapp_link");
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM whatsapp_links");
		jdbc.update("DELETE FROM whatsapp_webhook_ids");
		staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		jdbc.update("INSERT INTO whatsapp_links (staff_user_id, state, requested_at, updated_at) "
				+ "VALUES (?, 'linked', NOW(6), NOW(6))", staffId);
	}

	@AfterEach
	void dropTrigger() {
		jdbc.execute("DROP TRIGGER IF EXISTS fail_last_whatsapp_link");
	}

	@Test
	void aBatchOfAThousandIsMergedInOneTransactionByTheRules() throws Exception {
		// 0-299 Google contacts, 300-599 WhatsApp contacts
		// named only by their number, 600-999 new
		for (int i = 0; i < 300; i++) {
			jdbc.update("INSERT INTO contacts (name, phone, source, google_contact_id) VALUES (?, ?, 'google', ?)",
					"Google " + i, phone(i), "people/c" + i);
		}
		for (int i = 300; i < 600; i++) {
			jdbc.update("INSERT INTO contacts (name, phone, source) VALUES (?, ?, 'whatsapp')", phone(i), phone(i));
		}

		send("msg_batch_1000", batch()).andExpect(status().isOk());

		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isEqualTo(1000);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts WHERE source = 'both' AND name LIKE 'Google %'",
				Integer.class))
			.isEqualTo(300);
		assertThat(jdbc.queryForObject(
				"SELECT COUNT(*) FROM contacts WHERE source = 'whatsapp' AND name LIKE 'Push %' AND phone < ?",
				Integer.class, phone(600)))
			.isEqualTo(300);
		assertThat(jdbc.queryForObject(
				"SELECT COUNT(*) FROM contacts WHERE source = 'whatsapp' AND owner_id = ? " + "AND name LIKE 'Book %'",
				Integer.class, staffId))
			.isEqualTo(400);
		assertThat(jdbc.queryForObject(
				"SELECT COUNT(*) FROM contact_links WHERE provider = 'whatsapp' AND staff_user_id = ?", Integer.class,
				staffId))
			.isEqualTo(1000);
	}

	@Test
	void aBatchThatFailsAtItsEndLeavesNothingAndItsRetryMergesItWhole() throws Exception {
		jdbc.update("INSERT INTO contacts (name, phone, source, google_contact_id) VALUES ('Google 0', ?, 'google', "
				+ "'people/c0')", phone(0));
		// the last statement of the batch's transaction (the provenance links) fails on
		// the last contact, after all 1,000 contact rows were written
		jdbc.execute("CREATE TRIGGER fail_last_whatsapp_link BEFORE INSERT ON contact_links FOR EACH ROW "
				+ "BEGIN IF NEW.external_id = '" + phone(999) + "@s.whatsapp.net' THEN "
				+ "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'test failure'; END IF; END");

		// MockMvc hands the failure over instead of the 500 a real server answers
		assertThatThrownBy(() -> send("msg_batch_fails", batch())).hasStackTraceContaining("test failure");

		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isEqualTo(1);
		assertThat(jdbc.queryForObject("SELECT source FROM contacts", String.class)).isEqualTo("google");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_links", Integer.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM whatsapp_webhook_ids", Integer.class)).isZero();

		jdbc.execute("DROP TRIGGER fail_last_whatsapp_link");
		send("msg_batch_fails", batch()).andExpect(status().isOk());

		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isEqualTo(1000);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contact_links", Integer.class)).isEqualTo(1000);
		assertThat(jdbc.queryForObject("SELECT source FROM contacts WHERE phone = ?", String.class, phone(0)))
			.isEqualTo("both");
	}

	private String batch() {
		List<Map<String, Object>> contacts = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			contacts.add(GatewayStandIn.contact(phone(i), (i >= 600) ? "Book " + i : null, "Push " + i));
		}
		return GatewayStandIn.envelope("contacts.batch",
				Map.of("staffId", String.valueOf(staffId), "contacts", contacts));
	}

	private ResultActions send(String id, String body) throws Exception {
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		return mvc.perform(post("/api/whatsapp/events").contentType(MediaType.APPLICATION_JSON)
			.header("webhook-id", id)
			.header("webhook-timestamp", timestamp)
			.header("webhook-signature", GatewayStandIn.signature(GatewayStandIn.SECRET, id, timestamp, body))
			.content(body));
	}

	private static String phone(int i) {
		return "62812%08d".formatted(i);
	}

}
