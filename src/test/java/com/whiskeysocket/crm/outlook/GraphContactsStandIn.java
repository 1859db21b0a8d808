package com.whiskeysocket.crm.outlook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * A WireMock extension playing Graph's contact endpoints over real HTTP, with the state
 * they change and the reads that see it, so a write-back round trip is real: contact
 * folders (list, create, no child folders), contacts of a folder (list with the
 * {@code singleValueExtendedProperties} expanded, create), {@code /me/contacts/{id}}
 * (GET, PATCH with {@code If-Match} answering 412 on a stale changeKey, DELETE),
 * {@code /me/contacts?$filter=mobilePhone eq '...'} on the default folder, and a folder's
 * delta query (a full round, then only what changed or was deleted since its delta link).
 * Every change gets a new changeKey. {@link #throttleNext} answers the next writes 429
 * with {@code Retry-After: 1}; requests in flight at once are counted (Outlook allows
 * four per mailbox).
 */
class GraphContactsStandIn implements ResponseDefinitionTransformerV2 {

	static final String NAME = "graph-contacts-stand-in";

	static final String DEFAULT_FOLDER = "folder-default";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final Map<String, ObjectNode> folders = new ConcurrentHashMap<>();

	final Map<String, ObjectNode> contacts = new ConcurrentHashMap<>();

	/** Deleted contacts: id to its folder and when, for delta rounds. */
	private final Map<String, long[]> deletedAt = new ConcurrentHashMap<>();

	private final Map<String, String> deletedFrom = new ConcurrentHashMap<>();

	private final Map<String, Long> changedAt = new ConcurrentHashMap<>();

	final AtomicInteger creates = new AtomicInteger();

	final AtomicInteger updates = new AtomicInteger();

	final AtomicInteger staleUpdates = new AtomicInteger();

	final AtomicInteger deletes = new AtomicInteger();

	final AtomicInteger throttled = new AtomicInteger();

	final AtomicInteger throttleNext = new AtomicInteger();

	final AtomicInteger inFlight = new AtomicInteger();

	final AtomicInteger maxInFlight = new AtomicInteger();

	private String baseUrl;

	private final AtomicLong clock = new AtomicLong();

	private final AtomicLong ids = new AtomicLong();

	void reset(String baseUrl) {
		this.baseUrl = baseUrl;
		folders.clear();
		contacts.clear();
		deletedAt.clear();
		deletedFrom.clear();
		changedAt.clear();
		for (AtomicInteger counter : List.of(creates, updates, staleUpdates, deletes, throttled, throttleNext, inFlight,
				maxInFlight)) {
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
		maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
		try {
			if (!"GET".equals(method) && throttleNext.get() > 0 && throttleNext.getAndDecrement() > 0) {
				throttled.incrementAndGet();
				return responseDefinition().withStatus(429)
					.withHeader("Retry-After", "1")
					.withHeader("Content-Type", "application/json")
					.withBody("{\"error\":{\"code\":\"ApplicationThrottled\",\"message\":\"raw text\"}}")
					.build();
			}
			Thread.sleep(2);
			return answer(method, path, request);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return error(500, "InternalServerError");
		}
		finally {
			inFlight.decrementAndGet();
		}
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

	private synchronized ResponseDefinition answer(String method, String path, LoggedRequest request) {
		if (path.equals("/v1.0/me/contactFolders")) {
			if ("POST".equals(method)) {
				String id = "folder-" + ids.incrementAndGet();
				ObjectNode folder = JSON.createObjectNode()
					.put("id", id)
					.put("displayName", JSON.readTree(request.getBodyAsString()).get("displayName").asString())
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
				ObjectNode contact = (ObjectNode) JSON.readTree(request.getBodyAsString());
				String id = store(contact, folderId);
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
			long since = Long.parseLong(request.queryParameter("token").firstValue());
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
			QueryParameter filter = request.queryParameter("$filter");
			List<ObjectNode> all = inFolder(DEFAULT_FOLDER);
			if (filter.isPresent()) {
				String wanted = filter.firstValue().replaceFirst("^mobilePhone eq '(.*)'$", "$1");
				all = all.stream().filter((c) -> wanted.equals(c.path("mobilePhone").asString(""))).toList();
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
				String ifMatch = request.getHeader("If-Match");
				if (ifMatch != null && !ifMatch.equals("W/\"" + contact.get("changeKey").asString() + "\"")) {
					staleUpdates.incrementAndGet();
					return error(412, "ErrorIrresolvableConflict");
				}
				updates.incrementAndGet();
				JsonNode body = JSON.readTree(request.getBodyAsString());
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

	private static boolean expands(LoggedRequest request) {
		QueryParameter expand = request.queryParameter("$expand");
		return expand.isPresent() && expand.firstValue().contains(GraphClient.TAG_PROPERTY);
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
