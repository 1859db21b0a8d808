package com.whiskeysocket.crm.whatsapp;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.contacts.ContactImport;
import com.whiskeysocket.crm.contacts.ImportPage;
import com.whiskeysocket.crm.contacts.IncomingContact;
import com.whiskeysocket.crm.contacts.Provider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.context.support.WithUserDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Linking and Sync WhatsApp against the gateway stand-in over real HTTP: the QR image is
 * the gateway's payload, a staff member sees only their own link, a sync is a run that
 * ends with the resync's last batch, and fails with a clear code when the gateway is down
 * or the batches do not come.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "crm.whatsapp.resync-timeout=4s")
@AutoConfigureMockMvc
@WithUserDetails("admin")
class WhatsAppLinkIntegrationTests {

	private static final GatewayStandIn GATEWAY = standIn();

	@DynamicPropertySource
	static void whatsapp(DynamicPropertyRegistry registry) {
		GATEWAY.configure(registry);
	}

	@AfterAll
	static void stop() {
		GATEWAY.close();
	}

	@LocalServerPort
	private int port;

	@Autowired
	private MockMvc mvc;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ContactImport contactImport;

	private long staffId;

	@BeforeEach
	void clean() {
		GATEWAY.reset();
		GATEWAY.webhooksTo("http://127.0.0.1:" + port + "/api/whatsapp/events");
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM whatsapp_links");
		jdbc.update("DELETE FROM sync_runs");
		jdbc.update("DELETE FROM sync_accounts");
		staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
	}

	@Test
	void linkAsksTheGatewayAndShowsItsQrPayloadAsAnImage() throws Exception {
		mvc.perform(post("/api/whatsapp/link").with(csrf()))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.state").value("requested"));
		GATEWAY.idle();

		mvc.perform(get("/api/whatsapp/link"))
			.andExpect(jsonPath("$.state").value("qr"))
			.andExpect(jsonPath("$.qrVersion").isNumber())
			.andExpect(jsonPath("$.qr").doesNotExist());
		byte[] png = mvc.perform(get("/whatsapp/qr.png"))
			.andExpect(status().isOk())
			.andExpect(content().contentType("image/png"))
			.andReturn()
			.getResponse()
			.getContentAsByteArray();

		assertThat(decode(png)).isEqualTo("2@fake-qr-payload-1,fake-ref,fake-key");
		assertThat(GATEWAY.calls()).containsExactly("POST /sessions/" + staffId);
	}

	@Test
	void aStaffMemberSeesAndControlsOnlyTheirOwnLink() throws Exception {
		jdbc.update("INSERT INTO staff_users (username, display_name, password_hash) "
				+ "SELECT 'wa-other', 'Other', '{noop}unused' FROM DUAL "
				+ "WHERE NOT EXISTS (SELECT 1 FROM staff_users WHERE username = 'wa-other')");
		long other = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'wa-other'", Long.class);
		jdbc.update("INSERT INTO whatsapp_links (staff_user_id, state, phone, name, qr, qr_at, requested_at, "
				+ "updated_at) VALUES (?, 'qr', NULL, NULL, '2@someone-elses', CURRENT_TIMESTAMP(6), "
				+ "CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6))", other);

		mvc.perform(get("/api/whatsapp/link")).andExpect(jsonPath("$.state").value("none"));
		mvc.perform(get("/whatsapp/qr.png")).andExpect(status().isNotFound());
		mvc.perform(post("/api/whatsapp/sync-contacts").with(csrf()))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.error").value("whatsapp_not_linked"));
		mvc.perform(get("/contacts"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Link WhatsApp")));
		assertThat(GATEWAY.calls()).isEmpty();
	}

	@Test
	void syncWhatsAppIsARunThatEndsWhenTheResyncsLastBatchIsMerged() throws Exception {
		linked();
		List<Map<String, Object>> phone = new ArrayList<>();
		for (int i = 0; i < 2500; i++) {
			phone.add(GatewayStandIn.contact("62815%08d".formatted(i), null, "Pelanggan " + i));
		}
		GATEWAY.store(phone);

		mvc.perform(post("/api/whatsapp/sync-contacts?wait=30").with(csrf()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.added").value(2500))
			.andExpect(jsonPath("$.total").value(2500))
			.andExpect(jsonPath("$.folders").value(3))
			.andExpect(jsonPath("$.mode").value("full"));

		assertThat(jdbc.queryForMap("SELECT provider, status, added, total FROM sync_runs"))
			.containsEntry("provider", "whatsapp")
			.containsEntry("status", "succeeded")
			.containsEntry("added", 2500);
		assertThat(jdbc.queryForObject(
				"SELECT COUNT(*) FROM contact_links WHERE provider = 'whatsapp' " + "AND last_seen_run_id IS NOT NULL",
				Integer.class))
			.isEqualTo(2500);
	}

	@Test
	void syncFailsWithAClearCodeWhenTheGatewayIsDown() throws Exception {
		linked();
		GATEWAY.resyncAnswers(503);

		mvc.perform(post("/api/whatsapp/sync-contacts?wait=10").with(csrf()))
			.andExpect(status().isBadGateway())
			.andExpect(jsonPath("$.error").value("whatsapp_gateway_unavailable"));

		assertThat(jdbc.queryForMap("SELECT status, error_code FROM sync_runs")).containsEntry("status", "failed")
			.containsEntry("error_code", "whatsapp_gateway_unavailable");
	}

	@Test
	void syncFailsWithAClearCodeWhenTheLastBatchDoesNotArriveInTime() throws Exception {
		linked();
		GATEWAY.silentResync();

		mvc.perform(post("/api/whatsapp/sync-contacts?wait=20").with(csrf()))
			.andExpect(status().isGatewayTimeout())
			.andExpect(jsonPath("$.error").value("whatsapp_resync_timeout"));

		assertThat(jdbc.queryForMap("SELECT status, error_code FROM sync_runs")).containsEntry("status", "failed")
			.containsEntry("error_code", "whatsapp_resync_timeout");
	}

	@Test
	void theWhatsAppFilterFindsContactsAddedByHandThatWhatsAppKnows() throws Exception {
		jdbc.update("INSERT INTO contacts (name, phone, source, name_edited) VALUES ('Hand Typed Rina', "
				+ "'6281234567890', 'manual', TRUE)");
		jdbc.update("INSERT INTO contacts (name, phone, source) VALUES ('Hand Typed Budi', '6281300000001', 'manual')");
		// WhatsApp's next batch names Rina's number: she keeps her source, and WhatsApp
		// knows her
		contactImport.importPage(Provider.WHATSAPP, staffId, 0, ImportPage.of(List
			.of(IncomingContact.whatsApp("6281234567890@s.whatsapp.net", "6281234567890", null, null, "Rina"))));

		mvc.perform(get("/contacts").param("source", "whatsapp"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Hand Typed Rina")))
			.andExpect(content()
				.string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("Hand Typed Budi"))));
	}

	private void linked() {
		jdbc.update(
				"INSERT INTO whatsapp_links (staff_user_id, state, phone, name, requested_at, updated_at) "
						+ "VALUES (?, 'linked', '6281234567890', 'Rina', CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6))",
				staffId);
	}

	private static String decode(byte[] png) throws Exception {
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
			.getText();
	}

	private static GatewayStandIn standIn() {
		try {
			return new GatewayStandIn();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
