package com.whiskeysocket.crm.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.json.JsonMapper;

/**
 * Graph's {@code /subscriptions} as the documentation describes them, for any stand-in
 * that routes {@code /v1.0/subscriptions[/id]} here ({@link #answer}): a creation first
 * validates both notification URLs (a POST with a {@code validationToken} that must come
 * back as text/plain with 200 within 10 seconds) and fails with 400 if either does not;
 * expirations are capped at 4,230 minutes; renewal is a PATCH of
 * {@code expirationDateTime}, deletion a DELETE, unknown ids 404. It also sends what
 * Graph sends: change notifications and lifecycle events, over real HTTP.
 */
public class GraphSubscriptionBook {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PATH = "/v1.0/subscriptions";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Map<String, Subscription> live = new ConcurrentHashMap<>();

	public final AtomicInteger created = new AtomicInteger();

	public final AtomicInteger renewed = new AtomicInteger();

	public final AtomicInteger deleted = new AtomicInteger();

	public final AtomicInteger refusedValidations = new AtomicInteger();

	/** One subscription as Graph keeps it. */
	public record Subscription(String id, String resource, String changeType, String notificationUrl,
			String lifecycleUrl, String clientState, Instant expires, String accessToken) {
	}

	/**
	 * What Graph answers a request on its subscriptions.
	 *
	 * @param status the HTTP status
	 * @param json the body ({@code ""} for 204)
	 */
	public record Answer(int status, String json) {
	}

	/**
	 * Whether a request path is Graph's subscriptions.
	 * @param path the request's path
	 * @return whether {@link #answer} takes it
	 */
	public static boolean handles(String path) {
		return path.equals(PATH) || path.startsWith(PATH + "/");
	}

	public void reset() {
		live.clear();
		created.set(0);
		renewed.set(0);
		deleted.set(0);
		refusedValidations.set(0);
	}

	public List<Subscription> subscriptions() {
		return new ArrayList<>(live.values());
	}

	/** Graph drops a subscription by itself (before a subscriptionRemoved event). */
	public void drop(String id) {
		live.remove(id);
	}

	/**
	 * Answers a request on {@code /v1.0/subscriptions[/id]} as Graph does.
	 * @param method the HTTP method
	 * @param path the request's path
	 * @param body the request's body, or {@code null}
	 * @param authorization the Authorization header, or {@code null}
	 * @return the answer
	 */
	public Answer answer(String method, String path, String body, String authorization) {
		String id = path.startsWith(PATH + "/") ? path.substring(PATH.length() + 1) : null;
		try {
			if ("POST".equals(method) && id == null) {
				return create(body, authorization);
			}
			Subscription existing = (id != null) ? live.get(id) : null;
			if (existing == null) {
				return error(404, "ResourceNotFound");
			}
			if ("PATCH".equals(method)) {
				Map<?, ?> renewal = JSON.readValue(body, Map.class);
				Subscription renewed = new Subscription(existing.id(), existing.resource(), existing.changeType(),
						existing.notificationUrl(), existing.lifecycleUrl(), existing.clientState(),
						capped(Instant.parse((String) renewal.get("expirationDateTime"))), existing.accessToken());
				live.put(id, renewed);
				this.renewed.incrementAndGet();
				return json(200, renewed);
			}
			if ("DELETE".equals(method)) {
				live.remove(id);
				deleted.incrementAndGet();
				return new Answer(204, "");
			}
			return error(405, "MethodNotAllowed");
		}
		catch (RuntimeException | IOException ex) {
			return error(400, "BadRequest");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return error(503, "ServiceUnavailable");
		}
	}

	private Answer create(String json, String authorization) throws IOException, InterruptedException {
		Map<?, ?> body = JSON.readValue(json, Map.class);
		String clientState = (String) body.get("clientState");
		if (clientState != null && clientState.length() > 128) {
			return error(400, "InvalidRequest");
		}
		String notificationUrl = (String) body.get("notificationUrl");
		String lifecycleUrl = (String) body.get("lifecycleNotificationUrl");
		if (!validates(notificationUrl) || (lifecycleUrl != null && !validates(lifecycleUrl))) {
			refusedValidations.incrementAndGet();
			return error(400, "ValidationError");
		}
		Subscription subscription = new Subscription(UUID.randomUUID().toString(), (String) body.get("resource"),
				(String) body.get("changeType"), notificationUrl, lifecycleUrl, clientState,
				capped(Instant.parse((String) body.get("expirationDateTime"))), authorization.replace("Bearer ", ""));
		live.put(subscription.id(), subscription);
		created.incrementAndGet();
		return json(201, subscription);
	}

	/** The validation handshake Graph does before it creates a subscription. */
	private boolean validates(String url) throws IOException, InterruptedException {
		String token = "Validation: Testing client application reachability for subscription Request-Id: "
				+ UUID.randomUUID();
		HttpResponse<String> answer = http.send(HttpRequest
			.newBuilder(URI.create(url + "?validationToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "text/plain; charset=utf-8")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		String type = answer.headers().firstValue("Content-Type").orElse("");
		return answer.statusCode() == 200 && type.startsWith("text/plain") && token.equals(answer.body());
	}

	/**
	 * Posts a change notification for the subscription, with its clientState or the one
	 * given.
	 * @param subscription whose notification URL
	 * @param clientState the clientState sent
	 * @return the HTTP status the application answered
	 * @throws IOException if the application cannot be reached
	 * @throws InterruptedException if interrupted while waiting for the answer
	 */
	public int notifyChange(Subscription subscription, String clientState) throws IOException, InterruptedException {
		Map<String, Object> change = new LinkedHashMap<>();
		change.put("id", "lsgTZMr9KwAAA");
		change.put("subscriptionId", subscription.id());
		change.put("subscriptionExpirationDateTime", subscription.expires().toString());
		change.put("clientState", clientState);
		change.put("changeType", "updated");
		change.put("resource", "Users/622eaaff/Contacts/AAMkAGUwNjQ4ZjIxAAA=");
		change.put("tenantId", "84bd8158-6d4d-4958-8b9f-9d6445542f95");
		change.put("resourceData", Map.of("@odata.type", "#Microsoft.Graph.Contact", "id", "AAMkAGUwNjQ4ZjIxAAA="));
		return post(subscription.notificationUrl(), Map.of("value", List.of(change)));
	}

	public int notifyChange(Subscription subscription) throws IOException, InterruptedException {
		return notifyChange(subscription, subscription.clientState());
	}

	/**
	 * Posts a lifecycle event ({@code reauthorizationRequired}, …) for the subscription.
	 * @param subscription whose lifecycle URL
	 * @param event the event's name
	 * @return the HTTP status the application answered
	 * @throws IOException if the application cannot be reached
	 * @throws InterruptedException if interrupted while waiting for the answer
	 */
	public int lifecycle(Subscription subscription, String event) throws IOException, InterruptedException {
		Map<String, Object> notification = new LinkedHashMap<>();
		notification.put("subscriptionId", subscription.id());
		notification.put("subscriptionExpirationDateTime", subscription.expires().toString());
		notification.put("tenantId", "84bd8158-6d4d-4958-8b9f-9d6445542f95");
		notification.put("clientState", subscription.clientState());
		notification.put("lifecycleEvent", event);
		return post(subscription.lifecycleUrl(), Map.of("value", List.of(notification)));
	}

	private int post(String url, Object body) throws IOException, InterruptedException {
		return http
			.send(HttpRequest.newBuilder(URI.create(url))
				.timeout(Duration.ofSeconds(10))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static Instant capped(Instant asked) {
		Instant max = Instant.now().plus(Duration.ofMinutes(4230));
		return asked.isAfter(max) ? max : asked;
	}

	private static Answer json(int status, Subscription subscription) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("@odata.context", "https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity");
		body.put("id", subscription.id());
		body.put("resource", subscription.resource());
		body.put("changeType", subscription.changeType());
		body.put("clientState", subscription.clientState());
		body.put("notificationUrl", subscription.notificationUrl());
		body.put("lifecycleNotificationUrl", subscription.lifecycleUrl());
		body.put("expirationDateTime", subscription.expires().toString());
		return new Answer(status, JSON.writeValueAsString(body));
	}

	private static Answer error(int status, String code) {
		return new Answer(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"raw Microsoft text\"}}");
	}

}
