package com.whiskeysocket.crm.google;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * A WireMock extension playing the People API's write endpoints over real HTTP, with the
 * state they change, and the reads that see it, so a write-back round trip is real:
 * {@code contactGroups} (list, create, get with members, {@code members:modify}),
 * {@code people:batchCreateContacts}, {@code people:batchGet}, {@code people/*} (get),
 * {@code :updateContact} (400 {@code FAILED_PRECONDITION} on a stale etag, as
 * documented), {@code :deleteContact}, {@code people:searchContacts} (prefix match on
 * numbers), and {@code people/me/connections} with sync tokens. Every person change gets
 * a new etag. {@link #throttleNext} answers the next mutations 429 with
 * {@code Retry-After: 1}; mutations running at once are counted (Google asks for one at a
 * time per user).
 *
 * <p>
 * Also {@code people:batchUpdateContacts} (a map of resource names to people, each with
 * its etag, at most 200, else 400 {@code INVALID_ARGUMENT}; a stale etag fails the whole
 * call with 400 {@code FAILED_PRECONDITION} and writes none, its error details naming the
 * people), and {@code people/me/connections} paged ({@code pageSize} up to 1,000).
 *
 * <p>
 * With {@link #enforce} the stand-in keeps Google's per-user pace and answers 429
 * {@code RESOURCE_EXHAUSTED} with the {@code Retry-After} that fits it:
 * <ul>
 * <li>what a call costs, from "Read and Manage Contacts"
 * (https://developers.google.com/people/v1/contacts): a batch create or update (up to 200
 * contacts, https://developers.google.com/people/api/rest/v1/people/batchCreateContacts
 * and …/batchUpdateContacts) 6 critical reads and 6 critical writes, a single create or
 * update 1 and 1; every other read is counted as 1 critical read here (stricter than
 * Google, which counts list and get as plain reads);</li>
 * <li>the per-user budgets, "Critical read requests (Contact and Profile Reads) per
 * minute per user" and "Critical write requests (Contact Creates and Updates) per minute
 * per user": 90 each. Google shows these only in a project's Cloud console (Quotas), not
 * on a documentation page; 90 is the default that public reports give for the reads
 * (github.com/MrCaspan/GAS-Gmail-Signature-Templator/pull/1, the quota name in
 * github.com/taers232c/GAMADV-XTD3/issues/315), assumed the same for writes.</li>
 * </ul>
 * A minute is a sliding 60-second window. {@link #writes} counts the creates and updates
 * each person got.
 */
public class PeopleStandIn implements ResponseDefinitionTransformerV2 {

	public static final String NAME = "people-stand-in";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public final Map<String, ObjectNode> people = new ConcurrentHashMap<>();

	final Map<String, Long> changedAt = new ConcurrentHashMap<>();

	final Map<String, ObjectNode> groups = new ConcurrentHashMap<>();

	final Map<String, List<String>> members = new ConcurrentHashMap<>();

	public final AtomicInteger creates = new AtomicInteger();

	public final AtomicInteger createCalls = new AtomicInteger();

	public final AtomicInteger updates = new AtomicInteger();

	final AtomicInteger staleUpdates = new AtomicInteger();

	public final AtomicInteger throttled = new AtomicInteger();

	public final AtomicInteger searches = new AtomicInteger();

	final AtomicInteger mutationsInFlight = new AtomicInteger();

	public final AtomicInteger maxMutationsInFlight = new AtomicInteger();

	final AtomicInteger throttleNext = new AtomicInteger();

	public final AtomicInteger updateCalls = new AtomicInteger();

	public final AtomicInteger reads = new AtomicInteger();

	/**
	 * When set, the next {@code people:batchCreateContacts} makes its people, counts this
	 * latch down and answers only 30 s later: the caller (a node about to be killed) has
	 * created them and not yet heard so.
	 */
	public final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CountDownLatch> holdNextCreate = new java.util.concurrent.atomic.AtomicReference<>();

	/** {@code GET people/*}: one person read on its own. */
	public final AtomicInteger personReads = new AtomicInteger();

	/** Creates and updates per person. */
	public final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();

	/** Critical reads and writes a user may spend in a minute. */
	public static final int PER_MINUTE = 90;

	/** What a batch create or update costs of each budget. */
	public static final int BATCH_COST = 6;

	public volatile boolean enforce;

	/** Critical reads and writes spent in all (accepted calls). */
	public final AtomicInteger spentReads = new AtomicInteger();

	public final AtomicInteger spentWrites = new AtomicInteger();

	/** Spent units: when, reads, writes. */
	private final Deque<long[]> spent = new ArrayDeque<>();

	private final AtomicLong clock = new AtomicLong();

	private final AtomicLong ids = new AtomicLong();

	public void reset() {
		people.clear();
		changedAt.clear();
		groups.clear();
		members.clear();
		writes.clear();
		enforce = false;
		synchronized (spent) {
			spent.clear();
		}
		for (AtomicInteger counter : List.of(personReads, creates, createCalls, updates, staleUpdates, throttled,
				searches, mutationsInFlight, maxMutationsInFlight, throttleNext, updateCalls, reads, spentReads,
				spentWrites)) {
			counter.set(0);
		}
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
		String path = request.getUrl().split("\\?")[0];
		String method = request.getMethod().getName();
		boolean mutation = !"GET".equals(method);
		if (mutation) {
			maxMutationsInFlight.accumulateAndGet(mutationsInFlight.incrementAndGet(), Math::max);
		}
		try {
			if (mutation && throttleNext.get() > 0 && throttleNext.getAndDecrement() > 0) {
				throttled.incrementAndGet();
				return quotaExceeded(1);
			}
			if (enforce) {
				long wait = spend(method, path);
				if (wait > 0) {
					throttled.incrementAndGet();
					return quotaExceeded(wait);
				}
			}
			Thread.sleep(2);
			ResponseDefinition answer = answer(method, path, request);
			if (path.equals("/v1/people:batchCreateContacts")) {
				java.util.concurrent.CountDownLatch held = holdNextCreate.getAndSet(null);
				if (held != null) {
					held.countDown();
					Thread.sleep(30_000);
				}
			}
			return answer;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return error(500, "INTERNAL");
		}
		finally {
			if (mutation) {
				mutationsInFlight.decrementAndGet();
			}
		}
	}

	private static ResponseDefinition quotaExceeded(long retryAfter) {
		return responseDefinition().withStatus(429)
			.withHeader("Retry-After", String.valueOf(retryAfter))
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"code\":429,\"message\":\"Quota exceeded for quota metric 'Critical read "
					+ "requests (Contact and Profile Reads)'\",\"status\":\"RESOURCE_EXHAUSTED\"}}")
			.build();
	}

	/**
	 * Spends what a call costs of the user's budgets.
	 * @return 0 when it fits, else the seconds until it would
	 */
	private long spend(String method, String path) {
		int reads;
		int writes;
		if (path.equals("/v1/people:batchCreateContacts") || path.equals("/v1/people:batchUpdateContacts")) {
			reads = BATCH_COST;
			writes = BATCH_COST;
		}
		else if (path.endsWith(":updateContact") || path.equals("/v1/people:createContact")) {
			reads = 1;
			writes = 1;
		}
		else if ("GET".equals(method)) {
			reads = 1;
			writes = 0;
		}
		else {
			// deletes and group writes count against another budget
			return 0;
		}
		long now = System.currentTimeMillis();
		synchronized (spent) {
			while (!spent.isEmpty() && spent.peekFirst()[0] <= now - 60_000) {
				spent.pollFirst();
			}
			int readSum = 0;
			int writeSum = 0;
			for (long[] unit : spent) {
				readSum += (int) unit[1];
				writeSum += (int) unit[2];
			}
			if (readSum + reads <= PER_MINUTE && writeSum + writes <= PER_MINUTE) {
				spent.addLast(new long[] { now, reads, writes });
				spentReads.addAndGet(reads);
				spentWrites.addAndGet(writes);
				return 0;
			}
			// the earliest moment enough has left the window
			int freeReads = readSum + reads - PER_MINUTE;
			int freeWrites = writeSum + writes - PER_MINUTE;
			long until = now;
			for (long[] unit : spent) {
				freeReads -= (int) unit[1];
				freeWrites -= (int) unit[2];
				until = unit[0] + 60_000;
				if (freeReads <= 0 && freeWrites <= 0) {
					break;
				}
			}
			return Math.max(1, (until - now + 999) / 1000);
		}
	}

	private synchronized ResponseDefinition answer(String method, String path, LoggedRequest request) {
		if ("GET".equals(method)) {
			reads.incrementAndGet();
		}
		if ("GET".equals(method) && path.equals("/v1/contactGroups")) {
			ObjectNode page = JSON.createObjectNode();
			ArrayNode list = page.putArray("contactGroups");
			list.add(JSON.createObjectNode()
				.put("resourceName", "contactGroups/myContacts")
				.put("name", "myContacts")
				.put("groupType", "SYSTEM_CONTACT_GROUP"));
			groups.values().forEach(list::add);
			return ok(page);
		}
		if ("POST".equals(method) && path.equals("/v1/contactGroups")) {
			JsonNode body = JSON.readTree(request.getBodyAsString()).get("contactGroup");
			String name = "contactGroups/" + Long.toHexString(0xabc000 + ids.incrementAndGet());
			ObjectNode group = JSON.createObjectNode()
				.put("resourceName", name)
				.put("name", body.get("name").asString())
				.put("groupType", "USER_CONTACT_GROUP");
			groups.put(name, group);
			members.put(name, new ArrayList<>());
			return ok(group);
		}
		if ("GET".equals(method) && path.startsWith("/v1/contactGroups/")) {
			String name = path.substring("/v1/".length());
			ObjectNode group = groups.get(name);
			if (group == null) {
				return error(404, "NOT_FOUND");
			}
			ObjectNode copy = group.deepCopy();
			ArrayNode names = copy.putArray("memberResourceNames");
			members.get(name).forEach(names::add);
			return ok(copy);
		}
		if ("POST".equals(method) && path.endsWith("/members:modify")) {
			String name = path.substring("/v1/".length(), path.length() - "/members:modify".length());
			JsonNode body = JSON.readTree(request.getBodyAsString());
			List<String> list = members.get(name);
			if (list == null) {
				return error(404, "NOT_FOUND");
			}
			if (body.has("resourceNamesToAdd")) {
				body.get("resourceNamesToAdd").forEach((n) -> {
					if (!list.contains(n.asString())) {
						list.add(n.asString());
						touch(n.asString());
					}
				});
			}
			if (body.has("resourceNamesToRemove")) {
				body.get("resourceNamesToRemove").forEach((n) -> {
					list.remove(n.asString());
					touch(n.asString());
				});
			}
			return ok(JSON.createObjectNode());
		}
		if ("POST".equals(method) && path.equals("/v1/people:batchCreateContacts")) {
			createCalls.incrementAndGet();
			JsonNode body = JSON.readTree(request.getBodyAsString());
			if (body.get("contacts").size() > 200) {
				return error(400, "INVALID_ARGUMENT");
			}
			ObjectNode answer = JSON.createObjectNode();
			ArrayNode created = answer.putArray("createdPeople");
			for (JsonNode contact : body.get("contacts")) {
				ObjectNode person = (ObjectNode) contact.get("contactPerson").deepCopy();
				String name = "people/c" + (1000 + ids.incrementAndGet());
				person.put("resourceName", name);
				people.put(name, person);
				creates.incrementAndGet();
				writes.computeIfAbsent(name, (k) -> new AtomicInteger()).incrementAndGet();
				if (person.has("memberships")) {
					for (JsonNode membership : person.get("memberships")) {
						String group = membership.get("contactGroupMembership")
							.get("contactGroupResourceName")
							.asString();
						members.computeIfAbsent(group, (k) -> new ArrayList<>()).add(name);
					}
				}
				touch(name);
				created.add(JSON.createObjectNode().put("httpStatusCode", 200).set("person", served(name)));
			}
			return ok(answer);
		}
		if ("POST".equals(method) && path.equals("/v1/people:batchUpdateContacts")) {
			updateCalls.incrementAndGet();
			JsonNode body = JSON.readTree(request.getBodyAsString());
			JsonNode contacts = body.get("contacts");
			if (contacts == null || contacts.size() > 200 || !body.has("updateMask")) {
				return error(400, "INVALID_ARGUMENT");
			}
			List<String> stale = new ArrayList<>();
			contacts.properties().forEach((entry) -> {
				JsonNode etag = entry.getValue().get("etag");
				if (!people.containsKey(entry.getKey()) || etag == null
						|| !etag(entry.getKey()).equals(etag.asString())) {
					stale.add(entry.getKey());
				}
			});
			if (!stale.isEmpty()) {
				staleUpdates.addAndGet(stale.size());
				ObjectNode failure = JSON.createObjectNode();
				ObjectNode error = failure.putObject("error")
					.put("code", 400)
					.put("message", "Request person.etag is different than the current person.etag.")
					.put("status", "FAILED_PRECONDITION");
				ObjectNode details = error.putArray("details")
					.addObject()
					.put("@type", "type.googleapis.com/google.people.v1.BatchUpdateContactsErrorDetails");
				ArrayNode errors = details.putArray("error");
				stale.forEach((name) -> errors.addObject().put("code", 9).put("message", name + ": etag mismatch"));
				return responseDefinition().withStatus(400)
					.withHeader("Content-Type", "application/json")
					.withBody(JSON.writeValueAsString(failure))
					.build();
			}
			String[] fields = body.get("updateMask").asString().split(",");
			ObjectNode answer = JSON.createObjectNode();
			ObjectNode result = answer.putObject("updateResult");
			contacts.properties().forEach((entry) -> {
				ObjectNode person = people.get(entry.getKey());
				for (String field : fields) {
					if (entry.getValue().has(field)) {
						person.set(field, entry.getValue().get(field));
					}
					else {
						person.remove(field);
					}
				}
				updates.incrementAndGet();
				writes.computeIfAbsent(entry.getKey(), (k) -> new AtomicInteger()).incrementAndGet();
				touch(entry.getKey());
				result.set(entry.getKey(),
						JSON.createObjectNode()
							.put("httpStatusCode", 200)
							.put("requestedResourceName", entry.getKey())
							.set("person", served(entry.getKey())));
			});
			return ok(answer);
		}
		if ("GET".equals(method) && path.equals("/v1/people:batchGet")) {
			ObjectNode answer = JSON.createObjectNode();
			ArrayNode responses = answer.putArray("responses");
			for (String name : request.queryParameter("resourceNames").values()) {
				if (people.containsKey(name)) {
					responses.add(JSON.createObjectNode().put("httpStatusCode", 200).set("person", served(name)));
				}
			}
			return ok(answer);
		}
		if ("GET".equals(method) && path.equals("/v1/people:searchContacts")) {
			searches.incrementAndGet();
			String query = request.queryParameter("query").firstValue().replaceAll("[^0-9]", "");
			ObjectNode answer = JSON.createObjectNode();
			ArrayNode results = answer.putArray("results");
			if (!query.isEmpty()) {
				for (String name : people.keySet()) {
					JsonNode phones = people.get(name).get("phoneNumbers");
					boolean match = false;
					if (phones != null) {
						for (JsonNode phone : phones) {
							match |= phone.get("value").asString().replaceAll("[^0-9]", "").startsWith(query);
						}
					}
					if (match) {
						results.add(JSON.createObjectNode().set("person", served(name)));
					}
				}
			}
			return ok(answer);
		}
		if ("GET".equals(method) && path.equals("/v1/people/me/connections")) {
			return connections(request);
		}
		if ("PATCH".equals(method) && path.endsWith(":updateContact")) {
			String name = path.substring("/v1/".length(), path.length() - ":updateContact".length());
			ObjectNode person = people.get(name);
			if (person == null) {
				return error(404, "NOT_FOUND");
			}
			JsonNode body = JSON.readTree(request.getBodyAsString());
			if (!body.has("etag") || !etag(name).equals(body.get("etag").asString())) {
				staleUpdates.incrementAndGet();
				return error(400, "FAILED_PRECONDITION");
			}
			for (String field : request.queryParameter("updatePersonFields").firstValue().split(",")) {
				if (body.has(field)) {
					person.set(field, body.get(field));
				}
				else {
					person.remove(field);
				}
			}
			updates.incrementAndGet();
			writes.computeIfAbsent(name, (k) -> new AtomicInteger()).incrementAndGet();
			touch(name);
			return ok(served(name));
		}
		if ("DELETE".equals(method) && path.endsWith(":deleteContact")) {
			String name = path.substring("/v1/".length(), path.length() - ":deleteContact".length());
			if (people.remove(name) == null) {
				return error(404, "NOT_FOUND");
			}
			members.values().forEach((list) -> list.remove(name));
			touch(name);
			return ok(JSON.createObjectNode());
		}
		if ("GET".equals(method) && path.startsWith("/v1/people/")) {
			personReads.incrementAndGet();
			String name = path.substring("/v1/".length());
			return people.containsKey(name) ? ok(served(name)) : error(404, "NOT_FOUND");
		}
		return error(404, "NOT_FOUND");
	}

	/** A person edited on the phone: its fields replaced, a new etag. */
	synchronized void editOnPhone(String name, String field, JsonNode value) {
		people.get(name).set(field, value);
		touch(name);
	}

	synchronized void deleteOnPhone(String name) {
		people.remove(name);
		members.values().forEach((list) -> list.remove(name));
		touch(name);
	}

	String etag(String name) {
		return "%E" + changedAt.get(name);
	}

	private void touch(String name) {
		changedAt.put(name, clock.incrementAndGet());
	}

	/**
	 * A person as Google serves it: etag, memberships, a display name, canonical forms.
	 */
	ObjectNode served(String name) {
		ObjectNode person = people.get(name).deepCopy();
		person.put("resourceName", name);
		person.put("etag", etag(name));
		ArrayNode memberships = person.putArray("memberships");
		members.forEach((group, list) -> {
			if (list.contains(name)) {
				memberships.add(JSON.createObjectNode()
					.set("contactGroupMembership", JSON.createObjectNode().put("contactGroupResourceName", group)));
			}
		});
		if (person.has("names")) {
			for (JsonNode n : person.get("names")) {
				String display = (n.path("givenName").asString("") + " " + n.path("familyName").asString("")).strip();
				((ObjectNode) n).put("displayName", display);
			}
		}
		if (person.has("phoneNumbers")) {
			for (JsonNode phone : person.get("phoneNumbers")) {
				String value = phone.get("value").asString();
				if (value.startsWith("+")) {
					((ObjectNode) phone).put("canonicalForm", "+" + value.replaceAll("[^0-9]", ""));
				}
			}
		}
		person.set("metadata", JSON.createObjectNode());
		return person;
	}

	/** {@code people/me/connections}: everything, or what changed since a sync token. */
	private ResponseDefinition connections(LoggedRequest request) {
		long since = request.queryParameter("syncToken").isPresent()
				? Long.parseLong(request.queryParameter("syncToken").firstValue().substring(1)) : -1;
		if (since < 0 && request.queryParameter("pageSize").isPresent()) {
			return fullPage(request);
		}
		ObjectNode page = JSON.createObjectNode();
		ArrayNode list = page.putArray("connections");
		Map<String, Long> changes = new LinkedHashMap<>(changedAt);
		changes.forEach((name, at) -> {
			if (at > since) {
				if (people.containsKey(name)) {
					list.add(served(name));
				}
				else if (since >= 0) {
					list.add(JSON.createObjectNode()
						.put("resourceName", name)
						.put("etag", "%Egone")
						.set("metadata", JSON.createObjectNode().put("deleted", true)));
				}
			}
		});
		page.put("nextSyncToken", "s" + clock.get());
		return ok(page);
	}

	/**
	 * A page of a full read: people in resource-name order, {@code pageSize} (at most
	 * 1,000) from the offset the page token carries, the last page with a sync token.
	 */
	private ResponseDefinition fullPage(LoggedRequest request) {
		int size = Math.min(1000, Integer.parseInt(request.queryParameter("pageSize").firstValue()));
		int from = request.queryParameter("pageToken").isPresent()
				? Integer.parseInt(request.queryParameter("pageToken").firstValue()) : 0;
		List<String> names = people.keySet().stream().sorted().toList();
		ObjectNode page = JSON.createObjectNode();
		ArrayNode list = page.putArray("connections");
		names.subList(Math.min(from, names.size()), Math.min(from + size, names.size()))
			.forEach((name) -> list.add(served(name)));
		if (from + size < names.size()) {
			page.put("nextPageToken", String.valueOf(from + size));
		}
		else {
			page.put("nextSyncToken", "s" + clock.get());
		}
		return ok(page);
	}

	private static ResponseDefinition ok(JsonNode body) {
		return responseDefinition().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(JSON.writeValueAsString(body))
			.build();
	}

	private static ResponseDefinition error(int status, String code) {
		return responseDefinition().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"code\":" + status + ",\"message\":\"stand-in\",\"status\":\"" + code + "\"}}")
			.build();
	}

}
