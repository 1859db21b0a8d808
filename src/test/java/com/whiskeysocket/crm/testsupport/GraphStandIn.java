package com.whiskeysocket.crm.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local Graph for the benchmark: one default contact folder of N generated contacts,
 * served in Graph's delta shape ({@code @odata.nextLink}, then {@code @odata.deltaLink}),
 * generated page by page so it needs no memory of its own. After {@link #change(int)},
 * the delta link returns the changed contacts only. Requests are counted. It keeps
 * Graph's subscriptions ({@link GraphSubscriptionBook}) and, once told to
 * ({@link #notifyChangesAfter}), posts a change notification to every subscription of the
 * mailbox some time after each {@link #add}, as Graph does. Used by the benchmarks, the
 * browser test of a long sync and the multi-node test.
 */
public final class GraphStandIn {

	public static final String FOLDER = "bench-default";

	/** How long each contact page takes to answer, like a real Graph's latency. */
	private volatile Duration pageDelay = Duration.ZERO;

	private final HttpServer server;

	private volatile int contacts;

	private final int pageSize;

	private final AtomicInteger requests = new AtomicInteger();

	private volatile int version = 1;

	/** Every {@code changeEvery}-th contact changed in the last version (0 = none). */
	private volatile int changeEvery;

	private volatile boolean extraNumbers;

	private volatile boolean linkAfterContacts;

	/** The first contact each version added ({@link #add}), by version. */
	private final Map<Integer, Integer> addedIn = new ConcurrentHashMap<>();

	private final GraphSubscriptionBook subscriptions = new GraphSubscriptionBook();

	/** How long after a change Graph posts its notification; {@code null}: never. */
	private volatile Duration notificationDelay;

	private final ScheduledExecutorService notifier = Executors.newScheduledThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "graph-stand-in-notifications");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger notificationsAccepted = new AtomicInteger();

	private final AtomicInteger notificationsRefused = new AtomicInteger();

	public GraphStandIn(int contacts, int pageSize) throws IOException {
		this.contacts = contacts;
		this.pageSize = pageSize;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(Executors.newFixedThreadPool(8));
		this.server.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	public void setContacts(int contacts) {
		this.contacts = contacts;
		this.changeEvery = 0;
		this.version++;
	}

	/** How many contacts the default mailbox has; the next {@link #add} starts here. */
	public int contacts() {
		return contacts;
	}

	public int requests() {
		return requests.get();
	}

	public void resetRequests() {
		requests.set(0);
	}

	/**
	 * Adds contacts at the end in a new version, as a phone adding them to the mailbox:
	 * the next delta round gives them (and everything added since the round's version).
	 * @param count how many
	 */
	public synchronized void add(int count) {
		changeEvery = 0;
		addedIn.put(version + 1, contacts);
		contacts += count;
		version++;
		Duration delay = notificationDelay;
		if (delay != null) {
			notifier.schedule(this::notifyDefaultMailbox, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
	}

	/** Graph's subscriptions on this stand-in. */
	public GraphSubscriptionBook subscriptions() {
		return subscriptions;
	}

	/**
	 * From now on, every {@link #add} is followed after {@code delay} by one change
	 * notification to each subscription made with a token of the default mailbox (with
	 * its clientState); {@code null} stops them.
	 */
	public void notifyChangesAfter(Duration delay) {
		this.notificationDelay = delay;
	}

	/** Change notifications the application answered with 202. */
	public int notificationsAccepted() {
		return notificationsAccepted.get();
	}

	/** Change notifications answered otherwise, or not at all. */
	public int notificationsRefused() {
		return notificationsRefused.get();
	}

	private void notifyDefaultMailbox() {
		for (GraphSubscriptionBook.Subscription subscription : subscriptions.subscriptions()) {
			if (mailboxOf("Bearer " + subscription.accessToken()) != -1) {
				continue;
			}
			try {
				boolean accepted = subscriptions.notifyChange(subscription) == 202;
				(accepted ? notificationsAccepted : notificationsRefused).incrementAndGet();
			}
			catch (IOException ex) {
				notificationsRefused.incrementAndGet();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** Changes {@code percent}% of the contacts' names in a new version. */
	public void change(int percent) {
		changeEvery = 100 / percent;
		version++;
	}

	/**
	 * Gives contacts one to three numbers (issue 18): contact i with a mobile also has a
	 * business number when {@code i % 3 >= 1} and a home number when {@code i % 3 == 2}.
	 */
	public void setExtraNumbers(boolean extraNumbers) {
		this.extraNumbers = extraNumbers;
	}

	/**
	 * Writes a page's {@code @odata.nextLink} or {@code @odata.deltaLink} after its
	 * contacts instead of before them (Graph documents no order; both are seen).
	 */
	public void setLinkAfterContacts(boolean linkAfterContacts) {
		this.linkAfterContacts = linkAfterContacts;
	}

	/** Every contact page (not the folder listing) answers after this delay. */
	public void setPageDelay(Duration delay) {
		this.pageDelay = delay;
	}

	public void stop() {
		notifier.shutdownNow();
		server.stop(0);
	}

	/**
	 * Contact i: 3 in 100 share a number with a seeded WhatsApp or Google contact, 2 in
	 * 100 have none.
	 */
	public static String phoneOf(int i) {
		int kind = i % 100;
		if (kind == 10 || kind == 20) {
			return null;
		}
		return "0812" + String.format("%08d", i);
	}

	/**
	 * Whether contact i's number is seeded in the CRM before the sync, and from where.
	 */
	public static String seededSource(int i) {
		int kind = i % 100;
		return (kind == 30 || kind == 40) ? "whatsapp" : (kind == 50 ? "google" : null);
	}

	/**
	 * Team mailbox m's contact i: 1 in 10 numbers is shared by every team mailbox, the
	 * rest are the mailbox's own.
	 */
	public static String teamPhoneOf(int mailbox, int i) {
		return (i % 10 == 0) ? "0813" + String.format("%08d", i) : "0811" + String.format("%02d%06d", mailbox, i);
	}

	/**
	 * Whether team mailbox contact i's number is in the CRM as a WhatsApp contact before
	 * the sync: 1 in 100 of the shared numbers' share and 1 in 100 of each mailbox's own.
	 */
	public static boolean teamSeeded(int i) {
		return i % 100 == 50 || i % 100 == 35;
	}

	public static String teamId(int mailbox, int i) {
		return "AAMkAGI2TEAM" + String.format("%02d", mailbox) + String.format("%08d", i) + "AAA=";
	}

	/**
	 * The team mailbox an access token opens: tokens ending in {@code -mNN} open mailbox
	 * NN, every other token the default mailbox (-1).
	 */
	private static int mailboxOf(HttpExchange exchange) {
		return mailboxOf(exchange.getRequestHeaders().getFirst("Authorization"));
	}

	private static int mailboxOf(String authorization) {
		if (authorization != null) {
			int at = authorization.lastIndexOf("-m");
			if (at > 0 && authorization.length() - at <= 5) {
				try {
					return Integer.parseInt(authorization.substring(at + 2));
				}
				catch (NumberFormatException ex) {
					return -1;
				}
			}
		}
		return -1;
	}

	private void handle(HttpExchange exchange) throws IOException {
		URI uri = exchange.getRequestURI();
		String path = uri.getPath();
		if (GraphSubscriptionBook.handles(path)) {
			// not a contacts request: not counted
			String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			GraphSubscriptionBook.Answer answer = subscriptions.answer(exchange.getRequestMethod(), path, request,
					exchange.getRequestHeaders().getFirst("Authorization"));
			send(exchange, answer.status(), answer.json());
			return;
		}
		requests.incrementAndGet();
		int mailbox = mailboxOf(exchange);
		String query = (uri.getRawQuery() != null) ? uri.getRawQuery() : "";
		String body;
		if (path.equals("/v1.0/me/contactFolders")) {
			body = "{\"value\":[]}";
		}
		else if (path.equals("/v1.0/me/contacts")) {
			body = "{\"value\":[{\"id\":\"" + id(0) + "\",\"parentFolderId\":\"" + FOLDER + "\"}]}";
		}
		else if (path.equals("/v1.0/me/contactFolders/" + FOLDER + "/contacts/delta")) {
			long asked = System.nanoTime();
			body = roundPage(0, mailbox);
			pauseUntil(asked);
		}
		else if (path.equals("/v1.0/bench/round")) {
			long asked = System.nanoTime();
			body = roundPage(Integer.parseInt(param(query, "page")), mailbox);
			pauseUntil(asked);
		}
		else if (path.equals("/v1.0/bench/delta")) {
			int since = Integer.parseInt(param(query, "version"));
			int page = query.contains("page=") ? Integer.parseInt(param(query, "page")) : 0;
			body = changesPage(since, page, mailbox);
		}
		else {
			body = "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"stand-in\"}}";
			send(exchange, 404, body);
			return;
		}
		send(exchange, 200, body);
	}

	/**
	 * Answers a page {@code pageDelay} after it was asked for, its own making of the page
	 * included, as a Graph answering in that time would.
	 */
	private void pauseUntil(long askedNanos) {
		long left = pageDelay.toNanos() - (System.nanoTime() - askedNanos);
		if (left > 0) {
			try {
				Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Page {@code page} of the full round: contacts in index order, then a delta link.
	 */
	private String roundPage(int page, int mailbox) {
		int from = page * pageSize;
		int to = Math.min(from + pageSize, contacts);
		String next = (to < contacts) ? baseUrl() + "/v1.0/bench/round?page=" + (page + 1) : null;
		return page(next, from, to, 1, mailbox);
	}

	/**
	 * Page {@code page} of the changes since {@code since}: every changed contact, or
	 * none.
	 */
	private String changesPage(int since, int page, int mailbox) {
		if (since != version && changeEvery == 0) {
			int added = addedIn.entrySet()
				.stream()
				.filter((e) -> e.getKey() > since)
				.mapToInt(Map.Entry::getValue)
				.min()
				.orElse(contacts);
			int from = added + page * pageSize;
			int to = Math.min(from + pageSize, contacts);
			String next = (to < contacts) ? baseUrl() + "/v1.0/bench/delta?version=" + since + "&page=" + (page + 1)
					: null;
			return page(next, from, to, 1, mailbox);
		}
		if (since == version || changeEvery == 0) {
			return page(null, 0, 0, 1, mailbox);
		}
		int changed = (contacts + changeEvery - 1) / changeEvery;
		int from = page * pageSize;
		int to = Math.min(from + pageSize, changed);
		String next = (to < changed) ? baseUrl() + "/v1.0/bench/delta?version=" + since + "&page=" + (page + 1) : null;
		return page(next, from, to, changeEvery, mailbox);
	}

	/**
	 * A page of contacts {@code from * step} to {@code (to - 1) * step}; without a next
	 * link, the delta link.
	 */
	private String page(String nextLink, int from, int to, int step, int mailbox) {
		StringBuilder json = new StringBuilder(128 + (to - from) * 420);
		json.append("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#Collection(contact)\",");
		String link = (nextLink != null) ? "\"@odata.nextLink\":\"" + nextLink + "\""
				: "\"@odata.deltaLink\":\"" + baseUrl() + "/v1.0/bench/delta?version=" + version + "\"";
		if (!linkAfterContacts) {
			json.append(link).append(',');
		}
		json.append("\"value\":[");
		for (int k = from; k < to; k++) {
			if (k > from) {
				json.append(',');
			}
			contact(json, k * step, version, mailbox);
		}
		json.append(']');
		if (linkAfterContacts) {
			json.append(',').append(link);
		}
		return json.append('}').toString();
	}

	private void contact(StringBuilder json, int i, int currentVersion, int mailbox) {
		String phone = (mailbox < 0) ? phoneOf(i) : teamPhoneOf(mailbox, i);
		boolean changed = changeEvery > 0 && i % changeEvery == 0 && currentVersion > 1;
		json.append("{\"@odata.etag\":\"W/\\\"fake-")
			.append(i)
			.append("\\\"\",\"id\":\"")
			.append((mailbox < 0) ? id(i) : teamId(mailbox, i))
			.append("\",\"changeKey\":\"ck-")
			.append(i)
			.append('-')
			.append(changed ? currentVersion : 1)
			.append("\",\"parentFolderId\":\"")
			.append(FOLDER)
			.append("\",\"displayName\":\"Contact ")
			.append(String.format("%06d", i))
			.append(changed ? " (changed in v" + currentVersion + ")" : "")
			.append("\",\"givenName\":\"Contact\",\"surname\":\"")
			.append(i)
			.append("\",\"companyName\":\"PT Contoh ")
			.append(i % 500)
			.append("\",\"jobTitle\":null,\"emailAddresses\":[{\"name\":\"Contact ")
			.append(i)
			.append("\",\"address\":\"contact")
			.append(i)
			.append("@example.com\"}],\"mobilePhone\":")
			.append(phone == null ? "null" : "\"" + phone + "\"")
			.append(",\"businessPhones\":[")
			.append((extraNumbers && phone != null && mailbox < 0 && i % 3 >= 1)
					? "\"+62 21 " + String.format("%08d", i) + "\"" : "")
			.append("],\"homePhones\":[")
			.append((extraNumbers && phone != null && mailbox < 0 && i % 3 == 2)
					? "\"0815" + String.format("%08d", i) + "\"" : "")
			.append("]}");
	}

	public static String id(int i) {
		return "AAMkAGI2BENCH" + String.format("%08d", i) + "AAA=";
	}

	private static String param(String query, String name) {
		for (String pair : query.split("&")) {
			if (pair.startsWith(name + "=")) {
				return pair.substring(name.length() + 1);
			}
		}
		throw new IllegalArgumentException("missing " + name + " in " + query);
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		// 204 has no body: -1 says so
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
