package com.whiskeysocket.crm.outlook;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.connections.Backoff;
import com.whiskeysocket.crm.connections.ConnectionHttp;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver;
import org.springframework.security.oauth2.client.web.client.RequestAttributePrincipalResolver;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.util.UriUtils;

/**
 * The one class that knows Microsoft Graph's URLs and JSON. Requests carry the staff
 * member's token through Spring Security's OAuth2 interceptor; throttling is waited out,
 * a 401 refreshes the token once, a next link is followed exactly as given but only to
 * the configured Graph host, and no mailbox ever has more than four requests in flight.
 */
class GraphClient {

	private static final Logger log = LoggerFactory.getLogger(GraphClient.class);

	/**
	 * The single-value extended property that tags a copy with its CRM contact's id (a
	 * named String property in the CRM's own property set).
	 */
	static final String TAG_PROPERTY = "String {38071633-7376-4364-9ec1-e40dbb37f35a} Name whiskeysocketCrmContactId";

	private static final String BOOK_QUERY = "$select="
			+ query("id,changeKey,parentFolderId,givenName,surname,companyName,mobilePhone,businessPhones,"
					+ "homePhones,emailAddresses,personalNotes")
			+ "&$expand=" + query("singleValueExtendedProperties($filter=id eq '" + TAG_PROPERTY + "')");

	/** Requests in one JSON batch, at most (Graph's limit). */
	static final int BATCH = 20;

	private static final tools.jackson.databind.json.JsonMapper BATCH_JSON = tools.jackson.databind.json.JsonMapper
		.builder()
		.disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final OutlookProperties properties;

	private final OutlookSyncProperties sync;

	private final RestClient graph;

	private final RestClient plain;

	/**
	 * The request attributes naming the mailbox whose requests in flight a request counts
	 * among, and how many of them it takes.
	 */
	private static final String MAILBOX = GraphClient.class.getName() + ".mailbox";

	private static final String SLOTS = GraphClient.class.getName() + ".slots";

	private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();

	/** Reads the next page of a round while the current one is being merged. */
	private final ExecutorService readAhead = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "graph-read-ahead");
		thread.setDaemon(true);
		return thread;
	});

	/** Sends the next JSON batch of a call while the current one is in flight. */
	private final ExecutorService batchAhead = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "graph-batch-ahead");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param bearerTokens adds the staff member's access token; a rejected one is expired
	 * so the next request refreshes it, and the connection stays
	 */
	GraphClient(OutlookProperties properties, OutlookSyncProperties sync, RestClient.Builder builder,
			ClientHttpRequestInterceptor bearerTokens) {
		this.properties = properties;
		this.sync = sync;
		this.graph = builder.clone()
			.requestFactory(ConnectionHttp.requestFactory())
			.requestInterceptor(bearerTokens)
			.requestInterceptor(this::inFlight)
			.configureMessageConverters((converters) -> converters.addCustomConverter(new ContactPageReader()))
			.build();
		this.plain = builder.clone().requestFactory(ConnectionHttp.requestFactory()).build();
	}

	/**
	 * Every contact folder below the default one, child folders included, depth first.
	 */
	List<GraphModel.Folder> contactFolders(String username) {
		List<GraphModel.Folder> all = new ArrayList<>();
		Deque<URI> pending = new ArrayDeque<>();
		pending.add(graphUri("/v1.0/me/contactFolders?$top=100&$select=id,displayName,parentFolderId"));
		while (!pending.isEmpty()) {
			URI next = pending.poll();
			while (next != null) {
				GraphModel.FolderPage page = get(username, next, GraphModel.FolderPage.class, false);
				for (GraphModel.Folder folder : page.folders()) {
					all.add(folder);
					pending.add(graphUri("/v1.0/me/contactFolders/" + segment(folder.id())
							+ "/childFolders?$top=100&$select=id,displayName,parentFolderId"));
				}
				next = nextLink(page.nextLink());
			}
		}
		return all;
	}

	/**
	 * The id of the default Contacts folder, read from one of its contacts (Graph lists
	 * only the folders below it).
	 * @return the id, or empty when the default folder has no contacts
	 */
	Optional<String> defaultFolderId(String username) {
		GraphModel.ContactPage page = get(username, graphUri("/v1.0/me/contacts?$top=1&$select=id,parentFolderId"),
				GraphModel.ContactPage.class, false);
		return page.contacts().stream().map(GraphModel.Contact::parentFolderId).filter((id) -> id != null).findFirst();
	}

	/**
	 * A full read of a folder as the first round of a delta query: every contact, a page
	 * at a time, the last page carrying the delta link for the next sync.
	 * @param username whose mailbox
	 * @param folderId the folder
	 * @param pages receives each page, empty pages included
	 */
	void fullRound(String username, String folderId, Consumer<GraphModel.ContactPage> pages) {
		follow(username, graphUri("/v1.0/me/contactFolders/" + segment(folderId) + "/contacts/delta?$select="
				+ GraphModel.CONTACT_FIELDS), pages);
	}

	/**
	 * The changes since a delta link, a page at a time.
	 * @throws GraphException with code {@code graph_sync_state_expired} when Graph no
	 * longer knows the link
	 */
	void deltaRound(String username, String deltaLink, Consumer<GraphModel.ContactPage> pages) {
		follow(username, nextLink(deltaLink), pages);
	}

	/**
	 * Hands on each page while the next one is already on its way: Graph's answer time
	 * overlaps with reading this page's contacts (the next link is found before them, at
	 * the page's start or its end) and with whatever the consumer does with the page. One
	 * page is requested ahead, never more.
	 */
	private void follow(String username, URI first, Consumer<GraphModel.ContactPage> pages) {
		byte[] body = get(username, first, byte[].class, true);
		while (body != null) {
			String link = ContactPageReader.leadingNextLink(body);
			if (link == null) {
				link = ContactPageReader.trailingNextLink(body);
			}
			Future<byte[]> ahead = (link != null) ? requestAhead(username, link) : null;
			try {
				GraphModel.ContactPage page = ContactPageReader.read(body);
				if (link == null || !link.equals((page.nextLink() != null) ? page.nextLink() : "")) {
					// the link found by a glance was not the page's: only the full read
					// is sure
					if (ahead != null) {
						ahead.cancel(true);
					}
					ahead = requestAhead(username, page.nextLink());
				}
				pages.accept(page);
				body = (ahead != null) ? await(ahead) : null;
			}
			finally {
				if (ahead != null && !ahead.isDone()) {
					// the page or its consumer failed, or was stopped: the page requested
					// ahead is not wanted
					ahead.cancel(true);
				}
			}
		}
	}

	private Future<byte[]> requestAhead(String username, String link) {
		URI next = (link == null || link.isEmpty()) ? null : nextLink(link);
		return (next != null) ? readAhead.submit(() -> get(username, next, byte[].class, true)) : null;
	}

	private static <T> T await(Future<T> ahead) {
		try {
			return ahead.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GraphException("graph_interrupted", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new GraphException("graph_read_failed", ex.getCause());
		}
	}

	/**
	 * Creates a change notification subscription. Graph first checks both URLs with a
	 * validation request, which this application answers on another thread.
	 * @param username whose mailbox
	 * @param resource what to watch, such as {@code /me/contacts}
	 * @param notificationUrl where changes are posted
	 * @param lifecycleUrl where lifecycle events are posted
	 * @param clientState the secret Graph echoes in every notification
	 * @param expires when it ends (at most 4,230 minutes ahead for contacts)
	 * @return the subscription
	 * @throws GraphException when Graph refuses
	 */
	GraphModel.Subscription createSubscription(String username, String resource, String notificationUrl,
			String lifecycleUrl, String clientState, Instant expires) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("changeType", "created,updated,deleted");
		body.put("notificationUrl", notificationUrl);
		body.put("lifecycleNotificationUrl", lifecycleUrl);
		body.put("resource", resource);
		body.put("expirationDateTime", expires.toString());
		body.put("clientState", clientState);
		return send(username, HttpMethod.POST, graphUri("/v1.0/subscriptions"), body, GraphModel.Subscription.class);
	}

	/**
	 * Moves a subscription's end, which also reauthorizes it.
	 * @throws GraphException with code {@code graph_http_404} when Graph no longer has it
	 */
	GraphModel.Subscription renewSubscription(String username, String subscriptionId, Instant expires) {
		return send(username, HttpMethod.PATCH, graphUri("/v1.0/subscriptions/" + segment(subscriptionId)),
				Map.of("expirationDateTime", expires.toString()), GraphModel.Subscription.class);
	}

	/** Ends a subscription; one Graph no longer has counts as ended. */
	void deleteSubscription(String username, String subscriptionId) {
		try {
			send(username, HttpMethod.DELETE, graphUri("/v1.0/subscriptions/" + segment(subscriptionId)), null,
					Void.class);
		}
		catch (GraphException ex) {
			if (!"graph_http_404".equals(ex.code())) {
				throw ex;
			}
		}
	}

	/**
	 * One write to Graph: a 401 refreshes the token once; anything else fails at once
	 * (the subscription keeper tries again later).
	 */
	private <T> T send(String username, HttpMethod method, URI uri, Object body, Class<T> type) {
		return exchange(username, method, uri, body, type, null, false);
	}

	/**
	 * One request with a body or none: a 401 refreshes the token once; for contact writes
	 * ({@code contacts}) throttling is waited out as for reads ({@code Retry-After}), and
	 * a timeout is tried again unless it was a create (whose answer may be lost after
	 * Graph made it: the write-back finds such a copy by its tag instead).
	 */
	private <T> T exchange(String username, HttpMethod method, URI uri, Object body, Class<T> type, String ifMatch,
			boolean contacts) {
		return exchange(username, method, uri, body, type, ifMatch, contacts, 1);
	}

	/**
	 * As {@link #exchange(String, HttpMethod, URI, Object, Class, String, boolean)},
	 * holding {@code slots} of the mailbox's requests in flight (a sequential JSON batch
	 * runs one of its requests at a time: one slot).
	 */
	private <T> T exchange(String username, HttpMethod method, URI uri, Object body, Class<T> type, String ifMatch,
			boolean contacts, int slots) {
		requireGraphHost(uri);
		boolean refreshed = false;
		for (int attempt = 1;; attempt++) {
			Duration wait;
			try {
				RestClient.RequestBodySpec request = graph.method(method)
					.uri(uri)
					.attributes(RequestAttributeClientRegistrationIdResolver
						.clientRegistrationId(OutlookProperties.REGISTRATION_ID))
					.attributes(RequestAttributePrincipalResolver.principal(username))
					.attribute(MAILBOX, username)
					.attribute(SLOTS, slots);
				if (contacts) {
					// the ids answered must be the ones a sync reads
					request.header("Prefer", "IdType=\"ImmutableId\"");
				}
				if (ifMatch != null) {
					request.header(HttpHeaders.IF_MATCH, ifMatch);
				}
				if (body != null) {
					request.contentType(MediaType.APPLICATION_JSON).body(body);
				}
				RestClient.ResponseSpec response = request.retrieve();
				if (type == Void.class) {
					response.toBodilessEntity();
					return null;
				}
				T answer = response.body(type);
				if (answer == null) {
					throw new GraphException("graph_empty_response");
				}
				return answer;
			}
			catch (RestClientResponseException ex) {
				int status = ex.getStatusCode().value();
				if (status == 401 && !refreshed) {
					refreshed = true;
					continue;
				}
				if (!contacts || (status != 429 && status != 503 && status != 504) || attempt >= sync.maxAttempts()) {
					throw new GraphException(errorCode(status, ex), ex);
				}
				wait = waitBefore(attempt, ex.getResponseHeaders());
			}
			catch (ResourceAccessException ex) {
				if (!contacts || method == HttpMethod.POST || attempt >= sync.maxAttempts()) {
					throw new GraphException("graph_timeout", ex);
				}
				wait = backoff(attempt);
			}
			// waiting is not being in flight: the slots are free while we back off
			sleep(wait);
		}
	}

	/**
	 * Holds a request's slots among its mailbox's requests in flight from when it is sent
	 * until its answer comes (Graph answers once it has run the request, a batch once it
	 * has run all of them). The token, the body and whatever the caller does between
	 * requests are ready before, so a request waiting for a slot goes the moment one is
	 * free and a mailbox's slots stay busy.
	 */
	private ClientHttpResponse inFlight(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		Object mailbox = request.getAttributes().get(MAILBOX);
		if (mailbox == null) {
			return execution.execute(request, body);
		}
		int slots = (request.getAttributes().get(SLOTS) instanceof Integer taken) ? taken : 1;
		Semaphore permits = inFlight.computeIfAbsent((String) mailbox,
				(key) -> new Semaphore(sync.maxConcurrentRequests(), true));
		permits.acquireUninterruptibly(slots);
		ClientHttpResponse response;
		try {
			response = execution.execute(request, body);
		}
		catch (IOException | RuntimeException ex) {
			permits.release(slots);
			throw ex;
		}
		// held until the answer has been read and closed, not only its headers: Graph
		// (and its stand-in) counts a request in flight until its body is sent
		return new SlotHoldingResponse(response, () -> permits.release(slots));
	}

	/** A response that gives its request's slots back once, when it is closed. */
	private static final class SlotHoldingResponse implements ClientHttpResponse {

		private final ClientHttpResponse response;

		private final java.util.concurrent.atomic.AtomicReference<Runnable> release;

		SlotHoldingResponse(ClientHttpResponse response, Runnable release) {
			this.response = response;
			this.release = new java.util.concurrent.atomic.AtomicReference<>(release);
		}

		@Override
		public org.springframework.http.HttpStatusCode getStatusCode() throws IOException {
			return response.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return response.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return response.getHeaders();
		}

		@Override
		public java.io.InputStream getBody() throws IOException {
			return response.getBody();
		}

		@Override
		public void close() {
			try {
				response.close();
			}
			finally {
				Runnable once = release.getAndSet(null);
				if (once != null) {
					once.run();
				}
			}
		}

	}

	/**
	 * The folders directly below the default Contacts folder (where the write-back keeps
	 * its own).
	 */
	List<GraphModel.Folder> topFolders(String username) {
		List<GraphModel.Folder> all = new ArrayList<>();
		URI next = graphUri("/v1.0/me/contactFolders?$top=100&$select=id,displayName,parentFolderId");
		while (next != null) {
			GraphModel.FolderPage page = get(username, next, GraphModel.FolderPage.class, false);
			all.addAll(page.folders());
			next = nextLink(page.nextLink());
		}
		return all;
	}

	/** Makes a contact folder below the default one. */
	GraphModel.Folder createContactFolder(String username, String name) {
		return exchange(username, HttpMethod.POST, graphUri("/v1.0/me/contactFolders"), new GraphModel.NewFolder(name),
				GraphModel.Folder.class, null, true);
	}

	/**
	 * Every contact of a folder with the write-back's fields and the CRM's tag (the
	 * extended property {@link #TAG_PROPERTY}, expanded when present).
	 */
	List<GraphModel.BookContact> folderContacts(String username, String folderId) {
		List<GraphModel.BookContact> all = new ArrayList<>();
		URI next = graphUri("/v1.0/me/contactFolders/" + segment(folderId) + "/contacts?$top=100&" + BOOK_QUERY);
		while (next != null) {
			GraphModel.BookContactPage page = get(username, next, GraphModel.BookContactPage.class, false);
			all.addAll(page.contacts());
			next = nextLink(page.nextLink());
		}
		return all;
	}

	/**
	 * Contacts of the default folder with exactly this number text as their mobile, one
	 * of their business or one of their home numbers:
	 * {@code mobilePhone eq 'N' or businessPhones/any(p:p eq 'N') or homePhones/any(p:p eq 'N')}.
	 * Graph filters on a string's exact value only, so a number typed another way
	 * ({@code 0812-3456-7890}) is not found. Graph documents {@code any} with {@code eq}
	 * for the addresses of {@code emailAddresses} and says nothing of the phone
	 * collections: a mailbox that refuses the lambda answers 400
	 * ({@code graph_http_400}), and the caller matches a listing of the folder instead.
	 */
	List<GraphModel.BookContact> contactsWithNumber(String username, String number) {
		String quoted = "'" + number.replace("'", "''") + "'";
		String filter = "mobilePhone eq " + quoted + " or businessPhones/any(p:p eq " + quoted
				+ ") or homePhones/any(p:p eq " + quoted + ")";
		return get(username, graphUri("/v1.0/me/contacts?$top=10&$filter=" + query(filter) + "&" + BOOK_QUERY),
				GraphModel.BookContactPage.class, false)
			.contacts();
	}

	/**
	 * One contact with its tag.
	 * @return empty when Graph no longer has it
	 */
	Optional<GraphModel.BookContact> contact(String username, String contactId) {
		try {
			return Optional.of(get(username, graphUri("/v1.0/me/contacts/" + segment(contactId) + "?" + BOOK_QUERY),
					GraphModel.BookContact.class, false));
		}
		catch (GraphException ex) {
			if ("graph_http_404".equals(ex.code())) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/** Creates a contact in a folder. */
	GraphModel.BookContact createContact(String username, String folderId, GraphModel.ContactValues values) {
		return exchange(username, HttpMethod.POST,
				graphUri("/v1.0/me/contactFolders/" + segment(folderId) + "/contacts"), values,
				GraphModel.BookContact.class, null, true);
	}

	/**
	 * Writes the given fields over a contact if it is still the version given.
	 * @throws GraphException {@code graph_http_412} when it changed since,
	 * {@code graph_http_404} when it is gone
	 */
	GraphModel.BookContact updateContact(String username, String contactId, String changeKey,
			GraphModel.ContactValues values) {
		return exchange(username, HttpMethod.PATCH, graphUri("/v1.0/me/contacts/" + segment(contactId)), values,
				GraphModel.BookContact.class, (changeKey != null) ? "W/\"" + changeKey + "\"" : null, true);
	}

	/**
	 * Every contact of the default Contacts folder with the write-back's fields, 1,000 a
	 * request: what a first filling matches numbers against instead of one
	 * {@code $filter} a number.
	 */
	List<GraphModel.BookContact> defaultFolderContacts(String username) {
		List<GraphModel.BookContact> all = new ArrayList<>();
		URI next = graphUri("/v1.0/me/contacts?$top=1000&" + BOOK_QUERY);
		while (next != null) {
			GraphModel.BookContactPage page = get(username, next, GraphModel.BookContactPage.class, false);
			all.addAll(page.contacts());
			next = nextLink(page.nextLink());
		}
		return all;
	}

	/**
	 * Contact requests sent as JSON batches ({@code POST /$batch}) of up to 20, each
	 * batch sequential (every request {@code dependsOn} the one before it), so Outlook
	 * runs one request of it at a time and a batch takes one of the mailbox's four slots:
	 * four batches are in flight at once, and while one batch's answer travels back and
	 * the next is sent, the other three keep the mailbox busy. (A parallel batch runs up
	 * to four of its requests at once and takes all four slots; the mailbox then waits
	 * idle for every batch's round trip.) Up to four more batches are made (token, body)
	 * while those are in flight.
	 * <p>
	 * Once a request of a sequential batch fails, Graph answers the rest 424 Failed
	 * Dependency without running them: those are sent again at once, in the next round of
	 * batches. A request answered 429 (or 503 / 504, unless it creates) is sent again
	 * after the longest {@code Retry-After}, at most {@code maxAttempts} times; any other
	 * answer is the caller's.
	 * @return the answers, in the order of {@code parts}
	 */
	List<GraphModel.BatchAnswer> batch(String username, List<GraphModel.BatchPart> parts) {
		GraphModel.BatchAnswer[] answers = new GraphModel.BatchAnswer[parts.size()];
		List<Integer> pending = new ArrayList<>();
		for (int i = 0; i < parts.size(); i++) {
			pending.add(i);
		}
		int attempt = 1;
		while (!pending.isEmpty()) {
			List<Integer> again = new ArrayList<>();
			Duration wait = Duration.ZERO;
			boolean throttled = false;
			List<List<Integer>> chunks = chunks(pending, sync.maxConcurrentRequests());
			int window = 2 * sync.maxConcurrentRequests();
			Deque<Future<GraphModel.BatchAnswers>> sent = new ArrayDeque<>();
			int made = 0;
			for (List<Integer> chunk : chunks) {
				while (made < chunks.size() && sent.size() < window) {
					sent.add(sendBatch(username, parts, chunks.get(made++)));
				}
				GraphModel.BatchAnswers got;
				try {
					got = await(sent.poll());
				}
				catch (RuntimeException ex) {
					// the batches sent meanwhile are let finish: their creates are
					// found by their tag when the rows are tried again
					sent.forEach(GraphClient::awaitQuietly);
					throw ex;
				}
				Map<String, GraphModel.BatchAnswer> byId = new java.util.HashMap<>();
				if (got.responses() != null) {
					got.responses().forEach((answer) -> byId.put(answer.id(), answer));
				}
				for (int i : chunk) {
					GraphModel.BatchAnswer answer = byId.get(String.valueOf(i));
					if (answer == null) {
						throw new GraphException("graph_empty_response");
					}
					if (answer.status() == 424) {
						// not run: one before it in its batch failed
						again.add(i);
						continue;
					}
					boolean retry = answer.status() == 429 || ((answer.status() == 503 || answer.status() == 504)
							&& !"POST".equals(parts.get(i).method()));
					if (retry && attempt < sync.maxAttempts()) {
						HttpHeaders headers = new HttpHeaders();
						if (answer.header(HttpHeaders.RETRY_AFTER) != null) {
							headers.set(HttpHeaders.RETRY_AFTER, answer.header(HttpHeaders.RETRY_AFTER));
						}
						Duration before = waitBefore(attempt, headers);
						wait = (before.compareTo(wait) > 0) ? before : wait;
						throttled = true;
						again.add(i);
					}
					else {
						answers[i] = answer;
					}
				}
			}
			if (throttled) {
				// only a throttled round counts: each round of sequential batches runs at
				// least the first request of each batch, so 424s alone always progress
				sleep(wait);
				attempt++;
			}
			again.sort(null);
			pending = again;
		}
		return List.of(answers);
	}

	/**
	 * The requests split into as few batches of at most 20 as fit, their number rounded
	 * up to a multiple of the mailbox's slots and their sizes even, so every slot runs
	 * about as many requests: 200 updates are 12 batches of 16 or 17 (three in each
	 * slot), not 10 of 20, whose last two would leave two slots idle for a whole batch.
	 */
	static List<List<Integer>> chunks(List<Integer> pending, int slots) {
		int n = pending.size();
		int count = (n + BATCH - 1) / BATCH;
		count = Math.min(n, (count + slots - 1) / slots * slots);
		List<List<Integer>> chunks = new ArrayList<>();
		int from = 0;
		for (int c = 0; c < count; c++) {
			int size = n / count + ((c < n % count) ? 1 : 0);
			chunks.add(pending.subList(from, from + size));
			from += size;
		}
		return chunks;
	}

	/**
	 * One sequential JSON batch of the given requests (each after the one before it),
	 * made and sent on its own thread, holding one of the mailbox's slots.
	 */
	private Future<GraphModel.BatchAnswers> sendBatch(String username, List<GraphModel.BatchPart> parts,
			List<Integer> chunk) {
		List<GraphModel.BatchPart> requests = new ArrayList<>();
		String previous = null;
		for (int i : chunk) {
			GraphModel.BatchPart part = parts.get(i);
			String id = String.valueOf(i);
			requests.add(new GraphModel.BatchPart(id, part.method(), part.url(), part.headers(), part.body(),
					(previous != null) ? List.of(previous) : null));
			previous = id;
		}
		return batchAhead.submit(() -> exchange(username, HttpMethod.POST, graphUri("/v1.0/$batch"),
				new GraphModel.BatchRequest(requests), GraphModel.BatchAnswers.class, null, true, 1));
	}

	private static void awaitQuietly(Future<?> ahead) {
		try {
			await(ahead);
		}
		catch (RuntimeException ex) {
			// the first failure is the one reported
		}
	}

	/** A contact of a batch's answer. */
	GraphModel.BookContact bookContact(GraphModel.BatchAnswer answer) {
		if (answer.body() == null || answer.body().isNull()) {
			throw new GraphException("graph_empty_response");
		}
		return BATCH_JSON.treeToValue(answer.body(), GraphModel.BookContact.class);
	}

	/** Deletes a contact; one Graph no longer has counts as deleted. */
	void deleteContact(String username, String contactId) {
		try {
			exchange(username, HttpMethod.DELETE, graphUri("/v1.0/me/contacts/" + segment(contactId)), null, Void.class,
					null, true);
		}
		catch (GraphException ex) {
			if (!"graph_http_404".equals(ex.code())) {
				throw ex;
			}
		}
	}

	/**
	 * The signed-in Microsoft account's name, when the token may read it
	 * ({@code User.Read}).
	 * @param token a fresh access token
	 * @return the mail address or user principal name
	 */
	Optional<String> accountName(OAuth2AccessToken token) {
		if (token.getScopes().stream().noneMatch((scope) -> scope.toLowerCase(Locale.ROOT).endsWith("user.read"))) {
			return Optional.empty();
		}
		try {
			GraphModel.Me me = plain.get()
				.uri(graphUri("/v1.0/me?$select=userPrincipalName,mail"))
				.headers((headers) -> headers.setBearerAuth(token.getTokenValue()))
				.retrieve()
				.body(GraphModel.Me.class);
			return Optional.ofNullable(me).map(GraphModel.Me::name);
		}
		catch (RestClientException ex) {
			log.info("Could not read the Outlook account name ({})", ex.getClass().getSimpleName());
			return Optional.empty();
		}
	}

	/**
	 * One GET with the retry policy: throttling waited out, one refresh on 401, bounded
	 * tries.
	 */
	<T> T get(String username, URI uri, Class<T> type, boolean paged) {
		// delta pages are sized by Prefer; ids stay the
		// same when a contact moves between folders
		String prefer = paged ? "odata.maxpagesize=" + sync.pageSize() + ", IdType=\"ImmutableId\""
				: "IdType=\"ImmutableId\"";
		requireGraphHost(uri);
		boolean refreshed = false;
		for (int attempt = 1;; attempt++) {
			Duration wait;
			try {
				T body = graph.get()
					.uri(uri)
					.attributes(RequestAttributeClientRegistrationIdResolver
						.clientRegistrationId(OutlookProperties.REGISTRATION_ID))
					.attributes(RequestAttributePrincipalResolver.principal(username))
					.attribute(MAILBOX, username)
					.header("Prefer", prefer)
					.retrieve()
					.body(type);
				if (body == null) {
					throw new GraphException("graph_empty_response");
				}
				return body;
			}
			catch (RestClientResponseException ex) {
				int status = ex.getStatusCode().value();
				if (status == 401 && !refreshed) {
					// the interceptor has marked the token
					// expired: the retry refreshes it
					refreshed = true;
					continue;
				}
				if ((status != 429 && status != 503 && status != 504) || attempt >= sync.maxAttempts()) {
					throw new GraphException(errorCode(status, ex), ex);
				}
				wait = waitBefore(attempt, ex.getResponseHeaders());
			}
			catch (ResourceAccessException ex) {
				if (attempt >= sync.maxAttempts()) {
					throw new GraphException("graph_timeout", ex);
				}
				wait = backoff(attempt);
			}
			// waiting is not being in flight: the slot is free while we back off
			sleep(wait);
		}
	}

	/**
	 * A next link exactly as Graph gave it, refused unless it points at our Graph host.
	 */
	URI nextLink(String link) {
		if (link == null || link.isBlank()) {
			return null;
		}
		URI uri = URI.create(link);
		requireGraphHost(uri);
		return uri;
	}

	private void requireGraphHost(URI uri) {
		URI base = URI.create(properties.graphBase());
		boolean same = base.getScheme().equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
				&& base.getHost().equalsIgnoreCase(uri.getHost()) && port(base) == port(uri);
		if (!same) {
			// the bearer token must never leave for another host
			throw new GraphException("graph_foreign_next_link");
		}
	}

	private static int port(URI uri) {
		return (uri.getPort() != -1) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
	}

	private Duration waitBefore(int attempt, HttpHeaders headers) {
		Duration wait = Backoff.before(attempt, headers, sync.backoff(), sync.maxWait());
		if (wait == null) {
			throw new GraphException("graph_throttled");
		}
		return wait;
	}

	private Duration backoff(int attempt) {
		return Backoff.doubling(attempt, sync.backoff(), sync.maxWait());
	}

	private static String errorCode(int status, RestClientResponseException ex) {
		String code = "";
		try {
			GraphModel.ErrorBody body = ex.getResponseBodyAs(GraphModel.ErrorBody.class);
			code = (body != null) ? body.code() : "";
		}
		catch (RuntimeException ignored) {
			// not Graph's JSON error shape
		}
		if (status == 410 || "syncStateNotFound".equalsIgnoreCase(code) || "resyncRequired".equalsIgnoreCase(code)) {
			return "graph_sync_state_expired";
		}
		if (status == 401) {
			return "graph_unauthorized";
		}
		if (status == 403) {
			return "graph_forbidden";
		}
		if (status == 429) {
			return "graph_throttled";
		}
		return "graph_http_" + status;
	}

	private URI graphUri(String pathAndQuery) {
		return URI.create(properties.graphBase() + pathAndQuery);
	}

	/**
	 * A query parameter's value encoded; a {@code +} (of an E.164 number) too, which a
	 * server would read as a space.
	 */
	private static String query(String value) {
		return UriUtils.encodeQueryParam(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%2B");
	}

	private static String segment(String id) {
		return UriUtils.encodePathSegment(id, java.nio.charset.StandardCharsets.UTF_8);
	}

	private static void sleep(Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GraphException("graph_interrupted", ex);
		}
	}

}
