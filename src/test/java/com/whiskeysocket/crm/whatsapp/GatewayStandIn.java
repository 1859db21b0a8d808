package com.whiskeysocket.crm.whatsapp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Plays the WhatsApp gateway over real HTTP: its control API ({@code POST/DELETE
 * /sessions/{staffId}}, {@code POST /sessions/{staffId}/resync}, bearer token checked)
 * and its webhooks, signed as the gateway signs them and posted to the app, one at a time
 * in order as the gateway delivers them. What WhatsApp itself would do (show a QR, link,
 * hold contacts) is scripted by the test.
 */
public final class GatewayStandIn implements AutoCloseable {

	static final String TOKEN = "fake-gateway-token";

	/** {@code whsec_} + base64 of "fake-webhook-secret-for-tests!!!" (obviously fake). */
	static final String SECRET = "whsec_ZmFrZS13ZWJob29rLXNlY3JldC1mb3ItdGVzdHMhISE=";

	private static final Pattern SESSION = Pattern.compile("/sessions/([0-9]+)(/resync)?");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final HttpClient http = HttpClient.newHttpClient();

	/** One thread: webhooks go out in order, each after the previous one was answered. */
	private final ExecutorService delivery = Executors.newSingleThreadExecutor();

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private final List<Map<String, Object>> contacts = Collections.synchronizedList(new ArrayList<>());

	private final List<Integer> deliveries = new CopyOnWriteArrayList<>();

	private volatile String webhookUrl;

	private volatile String qrOnLink = "2@fake-qr-payload-1,fake-ref,fake-key";

	private volatile boolean answerResync = true;

	private volatile int resyncStatus = 202;

	private volatile int batchSize = 1000;

	public GatewayStandIn() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	public void webhooksTo(String url) {
		this.webhookUrl = url;
	}

	List<String> calls() {
		return calls;
	}

	/** Status codes the app answered to the webhooks this stand-in sent. */
	List<Integer> deliveries() {
		return deliveries;
	}

	/** The phone's contacts, as the gateway's store holds them. */
	void store(List<Map<String, Object>> all) {
		contacts.clear();
		contacts.addAll(all);
	}

	void batchSize(int size) {
		this.batchSize = size;
	}

	/** A resync request is taken (202) but no batch is ever sent. */
	void silentResync() {
		this.answerResync = false;
	}

	/** Resync requests are answered with this status (503: the gateway is in trouble). */
	void resyncAnswers(int status) {
		this.resyncStatus = status;
	}

	/** Back to a gateway that answers and sends every batch. */
	void reset() {
		this.answerResync = true;
		this.resyncStatus = 202;
		this.batchSize = 1000;
		this.contacts.clear();
		this.calls.clear();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getPath();
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			calls.add(method + " " + path);
			if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				reply(exchange, 401, "{\"error\":\"unauthorized\"}");
				return;
			}
			Matcher matcher = SESSION.matcher(path);
			if (!matcher.matches()) {
				reply(exchange, 404, "{\"error\":\"not_found\"}");
				return;
			}
			String staffId = matcher.group(1);
			if (matcher.group(2) != null) {
				String requestId = JSON.readTree(body).path("requestId").asString();
				if (resyncStatus != 202) {
					reply(exchange, resyncStatus, "{\"error\":\"stand_in\"}");
					return;
				}
				reply(exchange, 202, "{\"staffId\":\"" + staffId + "\"}");
				if (answerResync) {
					resync(staffId, requestId);
				}
			}
			else if ("POST".equals(method)) {
				reply(exchange, 202, "{\"staffId\":\"" + staffId + "\",\"state\":\"starting\"}");
				if (qrOnLink != null) {
					later(staffId, "session.status", Map.of("staffId", staffId, "state", "qr", "qr", qrOnLink));
				}
			}
			else if ("DELETE".equals(method)) {
				exchange.sendResponseHeaders(204, -1);
				later(staffId, "session.status",
						Map.of("staffId", staffId, "state", "logged_out", "reason", "unlinked"));
			}
			else {
				reply(exchange, 405, "{\"error\":\"method_not_allowed\"}");
			}
		}
	}

	private void resync(String staffId, String requestId) {
		List<Map<String, Object>> all = new ArrayList<>(contacts);
		int batches = Math.max(1, (all.size() + batchSize - 1) / batchSize);
		for (int batch = 0; batch < batches; batch++) {
			List<Map<String, Object>> slice = all.subList(batch * batchSize,
					Math.min(all.size(), (batch + 1) * batchSize));
			later(staffId, "contacts.batch", Map.of("staffId", staffId, "contacts", slice, "withoutPhone", 0, "resync",
					Map.of("requestId", requestId, "batch", batch + 1, "batches", batches)));
		}
	}

	/** Queues a webhook behind the earlier ones, as the gateway does. */
	public void later(String staffId, String type, Map<String, Object> data) {
		delivery.submit(() -> {
			deliveries.add(post(webhookUrl, type, data));
			return null;
		});
	}

	/** Waits until every queued webhook has been answered. */
	public void idle() throws Exception {
		delivery.submit(() -> null).get();
	}

	/** Posts one webhook now, signed; returns the app's status code. */
	int post(String url, String type, Map<String, Object> data) throws IOException, InterruptedException {
		return post(url, "msg_" + UUID.randomUUID(), Instant.now(), envelope(type, data));
	}

	int post(String url, String id, Instant timestamp, String body) throws IOException, InterruptedException {
		String seconds = Long.toString(timestamp.getEpochSecond());
		return send(url, id, seconds, signature(SECRET, id, seconds, body), body).statusCode();
	}

	HttpResponse<String> send(String url, String id, String timestamp, String signature, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		if (id != null) {
			request.header("webhook-id", id);
		}
		if (timestamp != null) {
			request.header("webhook-timestamp", timestamp);
		}
		if (signature != null) {
			request.header("webhook-signature", signature);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static String envelope(String type, Map<String, Object> data) {
		return JSON.writeValueAsString(Map.of("type", type, "timestamp", Instant.now().toString(), "data", data));
	}

	static String signature(String secret, String id, String timestamp, String body) {
		return "v1," + new WebhookSignatures(secret, Duration.ofMinutes(5)).sign(id, timestamp,
				body.getBytes(StandardCharsets.UTF_8));
	}

	public static Map<String, Object> contact(String phone, String name, String notify) {
		Map<String, Object> contact = new java.util.LinkedHashMap<>();
		contact.put("jid", phone + "@s.whatsapp.net");
		contact.put("phone", phone);
		contact.put("name", name);
		contact.put("notify", notify);
		contact.put("verifiedName", null);
		return contact;
	}

	/** A contact as the gateway sends one WhatsApp shows only by its LID. */
	static Map<String, Object> lidContact(String lid, String name, String notify) {
		Map<String, Object> contact = new java.util.LinkedHashMap<>();
		contact.put("jid", null);
		contact.put("phone", null);
		contact.put("lid", lid);
		contact.put("name", name);
		contact.put("notify", notify);
		contact.put("verifiedName", null);
		return contact;
	}

	/** A LID ↔ phone mapping as the gateway sends it. */
	static Map<String, Object> mapping(String lid, String phone) {
		return Map.of("lid", lid, "jid", phone + "@s.whatsapp.net", "phone", phone);
	}

	static JsonNode json(String text) {
		return JSON.readTree(text);
	}

	@Override
	public void close() {
		delivery.shutdownNow();
		server.stop(0);
	}

	private static void reply(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	/**
	 * Points the application under test at this stand-in: its URL, bearer token and
	 * webhook secret.
	 * @param registry a test class's {@code @DynamicPropertySource} registry
	 */
	public void configure(DynamicPropertyRegistry registry) {
		registry.add("crm.whatsapp.gateway-url", this::url);
		registry.add("crm.whatsapp.gateway-token", () -> TOKEN);
		registry.add("crm.whatsapp.webhook-secret", () -> SECRET);
	}

}
