package com.whiskeysocket.crm.outlook;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * A WireMock extension playing Graph's contact endpoints over real HTTP, with the state
 * they change and the reads that see it, so a write-back round trip is real: contact
 * folders (list, create, no child folders), contacts of a folder (list with the
 * {@code singleValueExtendedProperties} expanded, create), {@code /me/contacts/{id}}
 * (GET, PATCH with {@code If-Match} answering 412 on a stale changeKey, DELETE),
 * {@code /me/contacts?$filter=} on the default folder's mobile, business and home numbers
 * (see {@code phoneFilter}), and a folder's delta query (a full round, then only what
 * changed or was deleted since its delta link). Every change gets a new changeKey.
 * {@link #throttleNext} answers the next writes 429 with {@code Retry-After: 1}; requests
 * in flight at once are counted (Outlook allows four per mailbox).
 *
 * <p>
 * JSON batching ({@code POST /v1.0/$batch}) as Microsoft documents it: at most 20
 * requests (else 400), each answered on its own ({@code id}, {@code status},
 * {@code headers}, {@code body}, in any order) and run up to four at a time; a 429 inside
 * carries its own {@code Retry-After}. A batch is either fully parallel or fully
 * sequential (each request {@code dependsOn} the one before it, else 400): a sequential
 * one runs one request at a time, and once one fails the rest are answered 424 Failed
 * Dependency without being run. With {@link #enforce} the stand-in keeps the documented
 * pace of one app on one mailbox, and answers 429 with {@code Retry-After} beyond it (a
 * request inside a batch counted like a single one):
 * <ul>
 * <li>4 requests in flight at once ("Outlook service limits", limits per app ID and
 * mailbox; a batch runs up to 4 of its requests at once, "Outlook service limits for JSON
 * batching"),</li>
 * <li>10,000 requests in a 10-minute period,</li>
 * </ul>
 * from https://learn.microsoft.com/en-us/graph/throttling-limits#outlook-service-limits,
 * https://learn.microsoft.com/en-us/graph/json-batching (20 requests a batch; "requests
 * in a batch are evaluated individually against the applicable throttling limits") and
 * https://learn.microsoft.com/en-us/graph/throttling#throttling-and-batching. Each
 * request takes {@link #latencyMs} (the stand-in's assumption of Outlook's time per
 * request, not a documented number). {@link #writes} counts the creates and updates each
 * contact got.
 */
public class GraphContactsStandIn implements ResponseDefinitionTransformerV2 {

	public static final String NAME = "graph-contacts-stand-in";

	static final String DEFAULT_FOLDER = "folder-default";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public final Map<String, ObjectNode> folders = new ConcurrentHashMap<>();

	public final Map<String, ObjectNode> contacts = new ConcurrentHashMap<>();

	/** Deleted contacts: id to its folder and when, for delta rounds. */
	private final Map<String, long[]> deletedAt = new ConcurrentHashMap<>();

	private final Map<String, String> deletedFrom = new ConcurrentHashMap<>();

	private final Map<String, Long> changedAt = new ConcurrentHashMap<>();

	public final AtomicInteger creates = new AtomicInteger();

	public final AtomicInteger updates = new AtomicInteger();

	public final AtomicInteger staleUpdates = new AtomicInteger();

	final AtomicInteger deletes = new AtomicInteger();

	public final AtomicInteger throttled = new AtomicInteger();

	public final AtomicInteger throttleNext = new AtomicInteger();

	final AtomicInteger inFlight = new AtomicInteger();

	public final AtomicInteger maxInFlight = new AtomicInteger();

	/** Batches sent fully sequential ({@code dependsOn} the request before). */
	public final AtomicInteger sequentialBatches = new AtomicInteger();

	/** Requests of sequential batches answered 424: one before them failed. */
	public final AtomicInteger failedDependencies = new AtomicInteger();

	/** Outlook's concurrency per mailbox (4). */
	public static final int MAILBOX_CONCURRENCY = 4;

	/** Outlook's requests per mailbox in 10 minutes (10,000). */
	static final int REQUESTS_PER_TEN_MINUTES = 10_000;

	/** Whether the documented pace is enforced (429 beyond it). */
	public volatile boolean enforce;

	/**
	 * Refuse a lambda on {@code businessPhones} / {@code homePhones} in {@code $filter},
	 * as a mailbox that takes {@code any} only where Graph documents it (emailAddresses).
	 */
	volatile boolean refusePhoneLambdas;

	/** Requests answered 400 for their {@code $filter}. */
	final AtomicInteger refusedFilters = new AtomicInteger();

	/** How long each request takes, batched or not. */
	public volatile long latencyMs;

	/** The stand-in's own work on requests (their answers made), in nanoseconds. */
	public final java.util.concurrent.atomic.AtomicLong ownWorkNanos = new java.util.concurrent.atomic.AtomicLong();

	/**
	 * Slot time the mailbox left idle: for every moment between the first request after
	 * {@link #resetTimings()} and the last one's answer, how many of its four slots ran
	 * nothing, in slot-nanoseconds (the HTTP of both sides and the client's own work,
	 * wherever it kept a slot from running a request).
	 */
	public final java.util.concurrent.atomic.AtomicLong idleSlotNanos = new java.util.concurrent.atomic.AtomicLong();

	private final Object slotClock = new Object();

	private long lastSlotChange;

	private int slotsRunning;

	/**
	 * A request starts (+1) or ends (-1) running: the idle slot time until now counted.
	 */
	private void slotChange(int delta) {
		synchronized (slotClock) {
			long now = System.nanoTime();
			if (lastSlotChange != 0) {
				idleSlotNanos.addAndGet(Math.max(0, MAILBOX_CONCURRENCY - slotsRunning) * (now - lastSlotChange));
			}
			slotsRunning += delta;
			lastSlotChange = now;
		}
	}

	/** Starts {@link #ownWorkNanos} and the batches' times again from zero. */
	public void resetTimings() {
		ownWorkNanos.set(0);
		idleSlotNanos.set(0);
		synchronized (slotClock) {
			lastSlotChange = 0;
		}
		overran.set(0);
	}

	/** Requests whose own work took longer than {@link #latencyMs}. */
	public final AtomicInteger overran = new AtomicInteger();

	public final AtomicInteger batches = new AtomicInteger();

	public final AtomicInteger requests = new AtomicInteger();

	/** Creates and updates per contact id. */
	public final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();

	private final Deque<Long> recent = new ArrayDeque<>();

	private final ExecutorService parallel = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "graph-stand-in-batch");
		thread.setDaemon(true);
		return thread;
	});

	private String baseUrl;

	private final AtomicLong clock = new AtomicLong();

	private final AtomicLong ids = new AtomicLong();

	public void reset(String baseUrl) {
		this.baseUrl = baseUrl;
		folders.clear();
		contacts.clear();
		deletedAt.clear();
		deletedFrom.clear();
		changedAt.clear();
		writes.clear();
		synchronized (recent) {
			recent.clear();
		}
		enforce = false;
		refusePhoneLambdas = false;
		refusedFilters.set(0);
		latencyMs = 0;
		for (AtomicInteger counter : List.of(creates, updates, staleUpdates, deletes, throttled, throttleNext, inFlight,
				maxInFlight, batches, requests, overran, sequentialBatches, failedDependencies)) {
			counter.set(0);
		}
		resetTimings();
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	@Override
	public ResponseDefinition transform(ServeEvent event) {
		LoggedRequest request = event.getRequest();
		String[] url = request.getUrl().split("\\?", 2);
		String method = request.getMethod().getName();
		Map<String, String> headers = new LinkedHashMap<>();
		for (String header : List.of("If-Match", "Prefer", "Content-Type")) {
			if (request.getHeader(header) != null) {
				headers.put(header.toLowerCase(java.util.Locale.ROOT), request.getHeader(header));
			}
		}
		if ("POST".equals(method) && url[0].equals("/v1.0/$batch")) {
			return batch(request.getBodyAsString());
		}
		Answer answer = run(
				new Req(method, url[0], query((url.length > 1) ? url[1] : ""), headers, request.getBodyAsString()));
		ResponseDefinitionBuilder response = responseDefinition().withStatus(answer.status());
		answer.headers().forEach(response::withHeader);
		return (answer.body() != null) ? response.withBody(JSON.writeValueAsString(answer.body())).build()
				: response.build();
	}

	/** A request as the stand-in reads it, alone or from a batch. */
	private record Req(String method, String path, Map<String, String> query, Map<String, String> headers,
			String body) {

		boolean has(String name) {
			return query.containsKey(name);
		}

		String param(String name) {
			return query.get(name);
		}

		String header(String name) {
			return headers.get(name.toLowerCase(java.util.Locale.ROOT));
		}

	}

	/** An answer: status, headers, JSON body (or none). */
	private record Answer(int status, Map<String, String> headers, JsonNode body) {

	}

	private static Map<String, String> query(String query) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			String[] kv = pair.split("=", 2);
			values.putIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
					(kv.length > 1) ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
		}
		return values;
	}

	/**
	 * One request, alone or inside a batch: the mailbox's pace checked, the answer made,
	 * then the rest of {@link #latencyMs}: a request takes that long in all, the
	 * stand-in's own work included (added after the wait, its work on this machine's two
	 * cores, shared with the application, made each wave of a batch last longer than the
	 * pace it stands for, so that no client could reach the floor it is measured
	 * against). {@link #ownWorkNanos} sums that work.
	 */
	private Answer run(Req request) {
		return run(request, 0);
	}

	/**
	 * One request, answered at {@code deadline} ({@link System#nanoTime()}), or
	 * {@link #latencyMs} after it starts when that is 0. A batch gives each wave the
	 * deadline its place sets (the batch's start and a latency a wave), so the stand-in's
	 * own scheduling of a wave (a sleep's overshoot, the hand-over to its threads: 0.9 ms
	 * a wave here) does not add up over a batch's five waves.
	 */
	private Answer run(Req request, long deadline) {
		long started = System.nanoTime();
		long answerAt = (deadline != 0) ? deadline : started + Math.max(2, latencyMs) * 1_000_000L;
		requests.incrementAndGet();
		int now = inFlight.incrementAndGet();
		maxInFlight.accumulateAndGet(now, Math::max);
		slotChange(1);
		try {
			if (enforce && now > MAILBOX_CONCURRENCY) {
				throttled.incrementAndGet();
				return throttledAnswer(1, "MailboxConcurrency");
			}
			if (enforce) {
				long waitSeconds = rateWait();
				if (waitSeconds > 0) {
					throttled.incrementAndGet();
					return throttledAnswer(waitSeconds, "ApplicationThrottled");
				}
			}
			if (!"GET".equals(request.method()) && throttleNext.get() > 0 && throttleNext.getAndDecrement() > 0) {
				throttled.incrementAndGet();
				return throttledAnswer(1, "ApplicationThrottled");
			}
			ResponseDefinition answer = answer(request.method(), request.path(), request);
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("Content-Type", "application/json");
			String body = answer.getBody();
			Answer made = new Answer(answer.getStatus(), headers,
					(body != null && !body.isEmpty()) ? JSON.readTree(body) : null);
			long answered = System.nanoTime();
			ownWorkNanos.addAndGet(answered - started);
			long rest = answerAt - answered;
			if (rest > 0) {
				Thread.sleep(rest / 1_000_000L, (int) (rest % 1_000_000L));
			}
			else {
				overran.incrementAndGet();
			}
			return made;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Answer(500, Map.of(), null);
		}
		finally {
			slotChange(-1);
			inFlight.decrementAndGet();
		}
	}

	/** Seconds until one more request fits in the last 10 minutes; 0 when it does now. */
	private long rateWait() {
		long now = System.currentTimeMillis();
		synchronized (recent) {
			while (!recent.isEmpty() && recent.peekFirst() <= now - 600_000) {
				recent.pollFirst();
			}
			if (recent.size() >= REQUESTS_PER_TEN_MINUTES) {
				return Math.max(1, (recent.peekFirst() + 600_000 - now + 999) / 1000);
			}
			recent.addLast(now);
			return 0;
		}
	}

	private static Answer throttledAnswer(long retryAfter, String code) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Retry-After", String.valueOf(retryAfter));
		headers.put("Content-Type", "application/json");
		return new Answer(429, headers, JSON.createObjectNode()
			.set("error", JSON.createObjectNode().put("code", code).put("message", "raw Microsoft text")));
	}

	/**
	 * {@code POST /$batch}: at most 20 requests, run up to four at a time, each answered
	 * on its own.
	 */
	private ResponseDefinition batch(String body) {
		batches.incrementAndGet();
		JsonNode requestList = JSON.readTree(body).path("requests");
		if (requestList.size() > 20) {
			return error(400, "BadRequest");
		}
		List<JsonNode> parts = new ArrayList<>();
		requestList.forEach(parts::add);
		long dependent = parts.stream().filter((part) -> part.has("dependsOn")).count();
		if (dependent > 0) {
			// Graph takes a batch fully parallel or fully sequential, each request
			// depending on the one before it
			for (int i = 0; i < parts.size(); i++) {
				JsonNode dependsOn = parts.get(i).path("dependsOn");
				boolean onPrevious = (i == 0) ? dependsOn.isMissingNode() : dependsOn.size() == 1
						&& dependsOn.get(0).asString().equals(parts.get(i - 1).get("id").asString());
				if (!onPrevious) {
					return error(400, "BadRequest");
				}
			}
			sequentialBatches.incrementAndGet();
		}
		ObjectNode answer = JSON.createObjectNode();
		ArrayNode responses = answer.putArray("responses");
		long batchStarted = System.nanoTime();
		if (dependent > 0) {
			// one request at a time, in order; after a failure the rest are not run
			boolean failed = false;
			for (int i = 0; i < parts.size(); i++) {
				JsonNode part = parts.get(i);
				if (failed) {
					ObjectNode response = JSON.createObjectNode().put("id", part.get("id").asString());
					response.put("status", 424);
					response.putObject("headers").put("Content-Type", "application/json");
					response.set("body",
							JSON.createObjectNode()
								.set("error",
										JSON.createObjectNode()
											.put("code", "FailedDependency")
											.put("message", "raw Microsoft text")));
					failedDependencies.incrementAndGet();
					responses.add(response);
					continue;
				}
				long deadline = batchStarted + (i + 1) * Math.max(2, latencyMs) * 1_000_000L;
				ObjectNode response = runPart(part, deadline);
				failed = response.get("status").asInt() >= 400;
				responses.add(response);
			}
			return json(200, answer);
		}
		for (int from = 0; from < parts.size(); from += MAILBOX_CONCURRENCY) {
			List<Future<ObjectNode>> wave = new ArrayList<>();
			long waveDeadline = batchStarted + (from / MAILBOX_CONCURRENCY + 1) * Math.max(2, latencyMs) * 1_000_000L;
			for (JsonNode part : parts.subList(from, Math.min(from + MAILBOX_CONCURRENCY, parts.size()))) {
				wave.add(parallel.submit(() -> runPart(part, waveDeadline)));
			}
			for (Future<ObjectNode> done : wave) {
				try {
					responses.add(done.get());
				}
				catch (Exception ex) {
					return error(500, "InternalServerError");
				}
			}
		}
		return json(200, answer);
	}

	/** One request of a batch, answered at {@code deadline}. */
	private ObjectNode runPart(JsonNode part, long deadline) {
		String[] url = part.get("url").asString().split("\\?", 2);
		Map<String, String> headers = new LinkedHashMap<>();
		part.path("headers")
			.properties()
			.forEach((h) -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue().asString()));
		Answer one = run(new Req(part.get("method").asString(), "/v1.0" + url[0], query((url.length > 1) ? url[1] : ""),
				headers, part.has("body") ? JSON.writeValueAsString(part.get("body")) : ""), deadline);
		ObjectNode response = JSON.createObjectNode().put("id", part.get("id").asString());
		response.put("status", one.status());
		ObjectNode answerHeaders = response.putObject("headers");
		one.headers().forEach(answerHeaders::put);
		if (one.body() != null) {
			response.set("body", one.body());
		}
		return response;
	}

	/** A change made by the staff member in Outlook: a new changeKey. */
	synchronized void editInOutlook(String id, String field, String value) {
		contacts.get(id).put(field, value);
		touch(id);
	}

	/** A contact the staff member deleted in Outlook. */
	synchronized void deleteInOutlook(String id) {
		delete(id);
	}

	/** A contact the staff member keeps in the default folder. */
	synchronized String existing(String givenName, String mobile) {
		ObjectNode contact = JSON.createObjectNode();
		contact.put("givenName", givenName);
		contact.put("mobilePhone", mobile);
		return store(contact, DEFAULT_FOLDER);
	}

	/** A contact the staff member keeps in the default folder with a business number. */
	synchronized String existingWithBusinessPhone(String givenName, String number) {
		ObjectNode contact = JSON.createObjectNode();
		contact.put("givenName", givenName);
		contact.putArray("businessPhones").add(number);
		return store(contact, DEFAULT_FOLDER);
	}

	/**
	 * A {@code $filter} on the numbers, as Graph takes it: terms joined by {@code or},
	 * each {@code mobilePhone eq '…'} or a lambda {@code businessPhones/any(p:p eq '…')}
	 * / {@code homePhones/any(p:p eq '…')}, compared with the exact text (a quote doubled
	 * inside). Anything else ({@code ne}, {@code startswith}, {@code contains}, another
	 * field) and, with {@link #refusePhoneLambdas}, a lambda on the phone collections
	 * (Graph documents {@code any} only for {@code emailAddresses}) are refused: 400
	 * {@code ErrorInvalidUrlQueryFilter}.
	 * @return the test, or {@code null} when refused
	 */
	private java.util.function.Predicate<ObjectNode> phoneFilter(String filter) {
		java.util.regex.Pattern term = java.util.regex.Pattern.compile(
				"mobilePhone eq '((?:[^']|'')*)'|(businessPhones|homePhones)/any\\((\\w+):\\3 eq '((?:[^']|'')*)'\\)");
		java.util.function.Predicate<ObjectNode> any = (c) -> false;
		for (String part : filter.split(" or ")) {
			java.util.regex.Matcher match = term.matcher(part.strip());
			if (!match.matches()) {
				return null;
			}
			if (match.group(1) != null) {
				String wanted = match.group(1).replace("''", "'");
				any = any.or((c) -> wanted.equals(c.path("mobilePhone").asString("")));
			}
			else {
				if (refusePhoneLambdas) {
					return null;
				}
				String field = match.group(2);
				String wanted = match.group(4).replace("''", "'");
				any = any.or((c) -> {
					for (JsonNode number : c.path(field)) {
						if (wanted.equals(number.asString(""))) {
							return true;
						}
					}
					return false;
				});
			}
		}
		return any;
	}

	/** A contact the staff member keeps in the default folder with a home number. */
	synchronized String existingWithHomePhone(String givenName, String number) {
		ObjectNode contact = JSON.createObjectNode();
		contact.put("givenName", givenName);
		contact.putArray("homePhones").add(number);
		return store(contact, DEFAULT_FOLDER);
	}

	private synchronized ResponseDefinition answer(String method, String path, Req request) {
		if (path.equals("/v1.0/me/contactFolders")) {
			if ("POST".equals(method)) {
				String id = "folder-" + ids.incrementAndGet();
				ObjectNode folder = JSON.createObjectNode()
					.put("id", id)
					.put("displayName", JSON.readTree(request.body()).get("displayName").asString())
					.put("parentFolderId", DEFAULT_FOLDER);
				folders.put(id, folder);
				return json(201, folder);
			}
			return page(new ArrayList<>(folders.values()), null);
		}
		if (path.matches("/v1.0/me/contactFolders/[^/]+/childFolders")) {
			return page(List.of(), null);
		}
		if (path.matches("/v1.0/me/contactFolders/[^/]+/contacts")) {
			String folderId = path.split("/")[4];
			if (!folders.containsKey(folderId)) {
				return error(404, "ErrorItemNotFound");
			}
			if ("POST".equals(method)) {
				creates.incrementAndGet();
				ObjectNode contact = (ObjectNode) JSON.readTree(request.body());
				String id = store(contact, folderId);
				writes.computeIfAbsent(id, (k) -> new AtomicInteger()).incrementAndGet();
				return json(201, view(contacts.get(id), false));
			}
			return page(inFolder(folderId).stream().map((c) -> view(c, expands(request))).toList(), null);
		}
		if (path.matches("/v1.0/me/contactFolders/[^/]+/contacts/delta")) {
			String folderId = path.split("/")[4];
			return page(inFolder(folderId).stream().map(GraphContactsStandIn::delta).toList(), deltaLink(folderId));
		}
		if (path.startsWith("/v1.0/standin-delta/")) {
			String folderId = path.substring("/v1.0/standin-delta/".length());
			long since = Long.parseLong(request.param("token"));
			List<JsonNode> changes = new ArrayList<>();
			inFolder(folderId).stream()
				.filter((c) -> changedAt.get(c.get("id").asString()) > since)
				.forEach((c) -> changes.add(delta(c)));
			deletedAt.forEach((id, at) -> {
				if (at[0] > since && folderId.equals(deletedFrom.get(id))) {
					changes.add(JSON.createObjectNode()
						.put("id", id)
						.set("@removed", JSON.createObjectNode().put("reason", "deleted")));
				}
			});
			return page(changes, deltaLink(folderId));
		}
		if (path.equals("/v1.0/me/contacts")) {
			List<ObjectNode> all = inFolder(DEFAULT_FOLDER);
			if (request.has("$filter")) {
				java.util.function.Predicate<ObjectNode> filter = phoneFilter(request.param("$filter"));
				if (filter == null) {
					refusedFilters.incrementAndGet();
					return error(400, "ErrorInvalidUrlQueryFilter");
				}
				all = all.stream().filter(filter).toList();
			}
			return page(all.stream().map((c) -> view(c, expands(request))).toList(), null);
		}
		if (path.startsWith("/v1.0/me/contacts/")) {
			String id = path.substring("/v1.0/me/contacts/".length());
			ObjectNode contact = contacts.get(id);
			if (contact == null) {
				return error(404, "ErrorItemNotFound");
			}
			if ("DELETE".equals(method)) {
				deletes.incrementAndGet();
				delete(id);
				return responseDefinition().withStatus(204).build();
			}
			if ("PATCH".equals(method)) {
				String ifMatch = request.header("If-Match");
				if (ifMatch != null && !ifMatch.equals("W/\"" + contact.get("changeKey").asString() + "\"")) {
					staleUpdates.incrementAndGet();
					return error(412, "ErrorIrresolvableConflict");
				}
				updates.incrementAndGet();
				writes.computeIfAbsent(id, (k) -> new AtomicInteger()).incrementAndGet();
				JsonNode body = JSON.readTree(request.body());
				body.properties().forEach((field) -> contact.set(field.getKey(), field.getValue()));
				touch(id);
				return json(200, view(contact, false));
			}
			return json(200, view(contact, expands(request)));
		}
		return error(400, "BadRequest");
	}

	private String store(ObjectNode contact, String folderId) {
		String id = "AAMk-" + ids.incrementAndGet();
		contact.put("id", id);
		contact.put("parentFolderId", folderId);
		for (String list : List.of("businessPhones", "homePhones", "emailAddresses")) {
			if (!contact.has(list)) {
				contact.putArray(list);
			}
		}
		contacts.put(id, contact);
		touch(id);
		return id;
	}

	private void delete(String id) {
		ObjectNode gone = contacts.remove(id);
		deletedFrom.put(id, gone.get("parentFolderId").asString());
		deletedAt.put(id, new long[] { clock.incrementAndGet() });
	}

	private void touch(String id) {
		long now = clock.incrementAndGet();
		changedAt.put(id, now);
		contacts.get(id).put("changeKey", "ck-" + now);
	}

	private List<ObjectNode> inFolder(String folderId) {
		return contacts.values()
			.stream()
			.filter((c) -> folderId.equals(c.get("parentFolderId").asString()))
			.sorted((a, b) -> a.get("id").asString().compareTo(b.get("id").asString()))
			.toList();
	}

	private static boolean expands(Req request) {
		return request.has("$expand") && request.param("$expand").contains(GraphClient.TAG_PROPERTY);
	}

	/** A contact as Graph answers it: extended properties only when expanded. */
	private static ObjectNode view(ObjectNode contact, boolean expand) {
		ObjectNode copy = contact.deepCopy();
		String given = contact.path("givenName").asString("");
		String surname = contact.path("surname").asString("");
		copy.put("displayName", (given + " " + surname).strip());
		if (!expand) {
			copy.remove("singleValueExtendedProperties");
		}
		return copy;
	}

	/** A contact as a delta round selects it ({@code GraphModel.CONTACT_FIELDS}). */
	private static ObjectNode delta(ObjectNode contact) {
		ObjectNode copy = view(contact, false);
		copy.remove("personalNotes");
		return copy;
	}

	private String deltaLink(String folderId) {
		return baseUrl + "/v1.0/standin-delta/" + folderId + "?token=" + clock.get();
	}

	private static ResponseDefinition page(List<? extends JsonNode> values, String deltaLink) {
		ObjectNode page = JSON.createObjectNode();
		if (deltaLink != null) {
			page.put("@odata.deltaLink", deltaLink);
		}
		ArrayNode list = page.putArray("value");
		values.forEach(list::add);
		return json(200, page);
	}

	private static ResponseDefinition json(int status, JsonNode body) {
		return responseDefinition().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody(JSON.writeValueAsString(body))
			.build();
	}

	private static ResponseDefinition error(int status, String code) {
		return responseDefinition().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"code\":\"" + code + "\",\"message\":\"raw Microsoft text\"}}")
			.build();
	}

}
