package com.whiskeysocket.crm.whatsapp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/whatsapp/events} over real HTTP, without a session or CSRF token, as
 * the gateway calls it: signatures, timestamps, replays, malformed and oversized bodies,
 * unsigned or stale requests refused before their body is read, a cap on bodies read at
 * once, staff who never asked to link, and what each valid event does. A refused or
 * replayed webhook changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WhatsAppWebhookIntegrationTests {

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
	private JdbcTemplate jdbc;

	@Autowired
	private WhatsAppCleanup cleanup;

	@Autowired
	private WhatsAppProperties properties;

	@Autowired
	private WhatsAppWebhookController webhooks;

	private long staffId;

	private String url;

	@BeforeEach
	void linkRequested() {
		url = "http://127.0.0.1:" + port + "/api/whatsapp/events";
		jdbc.update("DELETE FROM contact_links");
		jdbc.update("DELETE FROM contacts");
		jdbc.update("DELETE FROM whatsapp_links");
		jdbc.update("DELETE FROM whatsapp_webhook_ids");
		staffId = jdbc.queryForObject("SELECT id FROM staff_users WHERE username = 'admin'", Long.class);
		jdbc.update("INSERT INTO whatsapp_links (staff_user_id, state, requested_at, updated_at) "
				+ "VALUES (?, 'requested', CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6))", staffId);
	}

	@Test
	void signedStatusEventsMoveTheLinkFromQrToLinked() throws Exception {
		assertThat(post("session.status", Map.of("staffId", String.valueOf(staffId), "state", "qr", "qr", "2@qr-1")))
			.isEqualTo(200);
		assertThat(link()).containsEntry("state", "qr").containsEntry("qr", "2@qr-1");

		assertThat(post("session.status",
				Map.of("staffId", staffId, "state", "linked", "phone", "6281234567890", "name", "Rina Sales")))
			.isEqualTo(200);

		assertThat(link()).containsEntry("state", "linked")
			.containsEntry("phone", "6281234567890")
			.containsEntry("name", "Rina Sales")
			.containsEntry("qr", null);
	}

	@Test
	void aBatchIsMergedByTheWhatsAppRulesWithProvenancePerStaffMember() throws Exception {
		jdbc.update("INSERT INTO contacts (name, phone, source, google_contact_id) "
				+ "VALUES ('Budi Official', '6281300000001', 'google', 'people/c1')");

		assertThat(post("contacts.batch",
				Map.of("staffId", String.valueOf(staffId), "contacts",
						List.of(GatewayStandIn.contact("6281234567890", null, "Rina WA"),
								GatewayStandIn.contact("6281300000001", "Budi HP", "Budi"),
								GatewayStandIn.contact("6281311111111", null, null)))))
			.isEqualTo(200);

		assertThat(contact("6281234567890")).containsEntry("name", "Rina WA").containsEntry("source", "whatsapp");
		assertThat(contact("6281300000001")).containsEntry("name", "Budi Official").containsEntry("source", "both");
		assertThat(contact("6281311111111")).containsEntry("name", "+62 813-1111-1111")
			.containsEntry("source", "whatsapp");
		assertThat(jdbc.queryForList("SELECT external_id FROM contact_links WHERE provider = 'whatsapp' "
				+ "AND staff_user_id = ? AND last_seen_run_id IS NULL", String.class, staffId))
			.containsExactlyInAnyOrder("6281234567890@s.whatsapp.net", "6281300000001@s.whatsapp.net",
					"6281311111111@s.whatsapp.net");
	}

	@Test
	void missingOrWrongSignaturesAreRefusedAndChangeNothing() throws Exception {
		String body = GatewayStandIn.envelope("session.status",
				Map.of("staffId", String.valueOf(staffId), "state", "qr", "qr", "2@forged"));
		String now = Long.toString(Instant.now().getEpochSecond());
		String forged = GatewayStandIn.signature("whsec_b3RoZXItc2VjcmV0LW5vdC10aGUtcmVhbC1vbmU=", "msg_1", now, body);
		String right = GatewayStandIn.signature(GatewayStandIn.SECRET, "msg_1", now, body);

		assertThat(GATEWAY.send(url, "msg_1", now, null, body).statusCode()).isEqualTo(401);
		assertThat(GATEWAY.send(url, "msg_1", now, forged, body).statusCode()).isEqualTo(401);
		assertThat(GATEWAY.send(url, null, now, right, body).statusCode()).isEqualTo(401);
		assertThat(GATEWAY.send(url, "msg_1", null, right, body).statusCode()).isEqualTo(401);
		assertThat(GATEWAY.send(url, "msg_2", now, right, body).statusCode()).as("signed for another id")
			.isEqualTo(401);
		assertThat(GATEWAY.send(url, "msg_1", now, right, body.replace("forged", "forgex")).statusCode())
			.as("body changed after signing")
			.isEqualTo(401);

		assertThat(link()).containsEntry("state", "requested").containsEntry("qr", null);
		assertThat(ids()).isZero();
	}

	@Test
	void aTimestampMoreThanFiveMinutesOffIsRefused() throws Exception {
		String body = GatewayStandIn.envelope("session.status",
				Map.of("staffId", String.valueOf(staffId), "state", "qr", "qr", "2@late"));

		assertThat(GATEWAY.post(url, "msg_old", Instant.now().minusSeconds(330), body)).isEqualTo(401);
		assertThat(GATEWAY.post(url, "msg_future", Instant.now().plusSeconds(330), body)).isEqualTo(401);
		assertThat(link()).containsEntry("state", "requested");

		assertThat(GATEWAY.post(url, "msg_recent", Instant.now().minusSeconds(240), body)).isEqualTo(200);
		assertThat(link()).containsEntry("state", "qr");
	}

	@Test
	void aReplayedWebhookIdIsAcceptedWithoutEffect() throws Exception {
		String first = GatewayStandIn.envelope("contacts.batch", Map.of("staffId", String.valueOf(staffId), "contacts",
				List.of(GatewayStandIn.contact("6281234567890", null, "Rina WA"))));
		assertThat(GATEWAY.post(url, "msg_once", Instant.now(), first)).isEqualTo(200);
		jdbc.update("UPDATE contacts SET name = '6281234567890' WHERE phone = '6281234567890'");

		HttpResponse<String> replay = GATEWAY.send(
				url, "msg_once", Long.toString(Instant.now().getEpochSecond()), GatewayStandIn
					.signature(GatewayStandIn.SECRET, "msg_once", Long.toString(Instant.now().getEpochSecond()), first),
				first);

		assertThat(replay.statusCode()).isEqualTo(200);
		assertThat(replay.body()).contains("replayed");
		assertThat(contact("6281234567890")).containsEntry("name", "6281234567890");
	}

	@Test
	void malformedJsonAndBodiesThatAreNotEventsAre400AndChangeNothing() throws Exception {
		assertThat(GATEWAY.post(url, "msg_bad_json", Instant.now(), "{\"type\": \"session.status\", ")).isEqualTo(400);
		assertThat(GATEWAY.post(url, "msg_no_staff", Instant.now(),
				"{\"type\":\"session.status\",\"data\":{\"state\":\"qr\",\"qr\":\"2@x\"}}"))
			.isEqualTo(400);
		assertThat(GATEWAY.post(url, "msg_array", Instant.now(), "[]")).isEqualTo(400);
		assertThat(GATEWAY.post(url, "msg_contacts", Instant.now(), GatewayStandIn.envelope("contacts.batch",
				Map.of("staffId", String.valueOf(staffId), "contacts", "not a list"))))
			.isEqualTo(400);

		assertThat(link()).containsEntry("state", "requested");
		assertThat(ids()).isZero();
		// refused before it was remembered: the gateway may send it again once fixed
		assertThat(post("session.status", Map.of("staffId", String.valueOf(staffId), "state", "qr", "qr", "2@ok")))
			.isEqualTo(200);
	}

	@Test
	void aBodyOverFiveMegabytesIs413() throws Exception {
		String big = "{\"type\":\"contacts.batch\",\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";

		assertThat(GATEWAY.post(url, "msg_big", Instant.now(), big)).isEqualTo(413);
		assertThat(ids()).isZero();
	}

	@Test
	void eventsForStaffWhoNeverAskedToLinkAreIgnored() throws Exception {
		jdbc.update("DELETE FROM whatsapp_links");

		assertThat(post("contacts.batch", Map.of("staffId", String.valueOf(staffId), "contacts",
				List.of(GatewayStandIn.contact("6281234567890", "Rina", null)))))
			.isEqualTo(200);
		assertThat(post("session.status",
				Map.of("staffId", "987654", "state", "linked", "phone", "6281234567890", "name", "Nobody")))
			.isEqualTo(200);

		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Integer.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM whatsapp_links", Integer.class)).isZero();
	}

	@Test
	void theWebhookNeedsNoSessionButEveryOtherWhatsAppCallDoes() throws Exception {
		HttpResponse<String> status = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/whatsapp/link")).build(),
					HttpResponse.BodyHandlers.ofString());

		assertThat(status.statusCode()).isEqualTo(401);
	}

	@Test
	void aWebhookStartsNoSession() throws Exception {
		String body = GatewayStandIn.envelope("session.status",
				Map.of("staffId", String.valueOf(staffId), "state", "qr", "qr", "2@q"));
		String now = Long.toString(Instant.now().getEpochSecond());

		HttpResponse<String> response = GATEWAY.send(url, "msg_no_session", now,
				GatewayStandIn.signature(GatewayStandIn.SECRET, "msg_no_session", now, body), body);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
	}

	@Test
	void oldWebhookIdsAreForgotten() throws Exception {
		assertThat(post("session.status", Map.of("staffId", String.valueOf(staffId), "state", "qr", "qr", "2@q")))
			.isEqualTo(200);
		assertThat(ids()).isEqualTo(1);

		assertThat(cleanup.cleanUp(Instant.now())).isZero();
		assertThat(cleanup.cleanUp(Instant.now().plusSeconds(2 * 86_400))).isEqualTo(1);
		assertThat(ids()).isZero();
	}

	@Test
	void aRequestWithoutTheSignatureHeadersIsRefusedBeforeItsBodyIsRead() throws Exception {
		// a 4 MB body that never comes: answered all the same, so it was never waited for
		try (Socket unsigned = stalled(List.of(), 4_000_000)) {
			assertThat(answer(unsigned)).startsWith("HTTP/1.1 401");
		}
		String stale = Long.toString(Instant.now().minusSeconds(400).getEpochSecond());
		try (Socket old = stalled(List.of("webhook-id: msg_stale", "webhook-timestamp: " + stale,
				"webhook-signature: v1,bm90LWNoZWNrZWQteWV0"), 4_000_000)) {
			assertThat(answer(old)).startsWith("HTTP/1.1 401");
		}
		assertThat(ids()).isZero();
	}

	@Test
	void onlySoManyBodiesAreReadAtOnceTheRestHearRetryAfter() throws Exception {
		int cap = properties.maxConcurrentWebhooks();
		List<Socket> reading = new ArrayList<>();
		try {
			for (int i = 0; i < cap; i++) {
				reading.add(stalled(freshHeaders("msg_slow_" + i), 1_000_000));
			}
			// once the app reads the stalled ones, they hold every place: one more is
			// turned away
			for (long end = System.nanoTime() + 30_000_000_000L; webhooks.bodiesBeingRead() < cap
					&& System.nanoTime() < end;) {
				Thread.sleep(50);
			}
			String busy;
			try (Socket extra = stalled(freshHeaders("msg_extra"), 1_000_000)) {
				busy = answer(extra);
			}
			assertThat(busy).startsWith("HTTP/1.1 503").containsIgnoringCase("Retry-After: 1");
		}
		finally {
			for (Socket socket : reading) {
				socket.close();
			}
		}
		// the places are given back when those requests end
		int status = 0;
		for (long end = System.nanoTime() + 20_000_000_000L; status != 200 && System.nanoTime() < end;) {
			status = post("session.status", Map.of("staffId", String.valueOf(staffId), "state", "qr", "qr", "2@q"));
			Thread.sleep((status == 200) ? 0 : 100);
		}
		assertThat(status).isEqualTo(200);
	}

	private static List<String> freshHeaders(String id) {
		return List.of("webhook-id: " + id, "webhook-timestamp: " + Instant.now().getEpochSecond(),
				"webhook-signature: v1,bm90LWNoZWNrZWQteWV0");
	}

	/**
	 * A webhook whose headers promise this many bytes, of which only the first 100 come.
	 */
	private Socket stalled(List<String> headers, int length) throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		socket.setSoTimeout(10_000);
		StringBuilder request = new StringBuilder("POST /api/whatsapp/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n");
		headers.forEach((h) -> request.append(h).append("\r\n"));
		request.append("\r\n").append("{\"type\":\"contacts.batch\",\"pad\":\"").append("x".repeat(70));
		OutputStream out = socket.getOutputStream();
		out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
		return socket;
	}

	/** The status line and headers the app answered, within the socket's timeout. */
	private static String answer(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			head.write(b);
		}
		return head.toString(StandardCharsets.ISO_8859_1);
	}

	private int post(String type, Map<String, Object> data) throws Exception {
		return GATEWAY.post(url, type, data);
	}

	private Map<String, Object> link() {
		return jdbc.queryForMap("SELECT state, phone, name, qr FROM whatsapp_links WHERE staff_user_id = ?", staffId);
	}

	private Map<String, Object> contact(String phone) {
		return jdbc.queryForMap("SELECT name, source FROM contacts WHERE phone = ?", phone);
	}

	private int ids() {
		return jdbc.queryForObject("SELECT COUNT(*) FROM whatsapp_webhook_ids", Integer.class);
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
