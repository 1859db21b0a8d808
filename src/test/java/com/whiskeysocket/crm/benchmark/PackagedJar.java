package com.whiskeysocket.crm.benchmark;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

/**
 * The packaged application ({@code ./mvnw -DskipTests package}) started as its own
 * process with a small heap, on the benchmark's database and Graph stand-in, driven over
 * HTTP as a browser would: sign in, start the Outlook sync, follow the run to its end.
 * Its resident size is read from {@code /proc/<pid>/status}.
 */
final class PackagedJar implements AutoCloseable {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" (?:type=\"hidden\" )?value=\"([^\"]+)\"");

	private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

	private final Process process;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private PackagedJar(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts the jar and waits until it answers.
	 * @param heap the {@code -Xmx} value
	 * @param environment the application's settings, as environment variables
	 */
	static PackagedJar start(String heap, Map<String, String> environment) throws IOException, InterruptedException {
		Path jar = jar();
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, "-jar",
						jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(new File("target/bench-jar.log"));
		builder.environment().putAll(environment);
		builder.environment().put("PORT", String.valueOf(port));
		builder.environment().put("BASE_URL", "http://127.0.0.1:" + port);
		builder.environment().put("CRM_ENV_FILE", "target/no-such.env");
		PackagedJar started = new PackagedJar(builder.start(), port);
		Instant giveUp = Instant.now().plusSeconds(180);
		while (Instant.now().isBefore(giveUp)) {
			if (!started.process.isAlive()) {
				throw new IllegalStateException("the packaged app exited: see target/bench-jar.log");
			}
			try {
				if (started.send(HttpRequest.newBuilder(started.uri("/login")).GET().build()).statusCode() == 200) {
					return started;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		started.close();
		throw new IllegalStateException("the packaged app did not answer within 3 minutes");
	}

	private static Path jar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".jar"))
				.filter((file) -> !file.getFileName().toString().endsWith("-plain.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"no packaged jar in target/: run ./mvnw -DskipTests package before -Dbench.jar=true"));
		}
	}

	long pid() {
		return process.pid();
	}

	/** A field of {@code /proc/<pid>/status} in KiB (VmRSS, VmHWM), or -1. */
	long statusKiB(String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
				if (line.startsWith(field + ":")) {
					return Long.parseLong(line.replaceAll("\\D", ""));
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			return -1;
		}
		return -1;
	}

	/**
	 * Signs in, starts the Outlook sync and follows the run until it ends.
	 * @return the run as the API reports it at its end, and the highest resident size
	 * sampled while it ran
	 */
	Run sync(String username, String password) throws Exception {
		Session session = session(username, password);
		try (RssSampler sampler = sampleRss()) {
			long started = System.nanoTime();
			String location = startSync(session);
			return follow(session, location, started, sampler);
		}
	}

	/** A signed-in browser: its session cookie and the CSRF token of its pages. */
	Session session(String username, String password) throws Exception {
		String cookie = signIn(username, password);
		Matcher meta = CSRF_META.matcher(get(cookie, "/contacts").body());
		if (!meta.find()) {
			throw new IllegalStateException("no CSRF meta tag on /contacts");
		}
		return new Session(cookie, meta.group(1));
	}

	/**
	 * Starts the Outlook sync.
	 * @return the run's API location
	 */
	String startSync(Session session) throws Exception {
		HttpResponse<String> accepted = send(HttpRequest.newBuilder(uri("/api/outlook/sync-contacts?wait=0"))
			.header("Cookie", session.cookie())
			.header("X-CSRF-TOKEN", session.csrf())
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		if (accepted.statusCode() != 202) {
			throw new IllegalStateException("sync start answered " + accepted.statusCode() + ": " + accepted.body());
		}
		return accepted.headers().firstValue("Location").orElseThrow();
	}

	/**
	 * Uploads a contact file on the import page, as the browser's form does.
	 * @return the upload's id (its preview is ready when this returns)
	 */
	long upload(Session session, Path file) throws Exception {
		String boundary = "----bench" + System.nanoTime();
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
				+ file.getFileName() + "\"\r\nContent-Type: text/csv\r\n\r\n")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
		HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/imports"))
			.header("Cookie", session.cookie())
			.header("X-CSRF-TOKEN", session.csrf())
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
					HttpRequest.BodyPublishers.ofFile(file), HttpRequest.BodyPublishers.ofByteArray(tail)))
			.build());
		String location = answer.headers().firstValue("Location").orElse("");
		Matcher id = Pattern.compile("/imports/(\\d+)$").matcher(location);
		if (answer.statusCode() != 302 || !id.find()) {
			throw new IllegalStateException("upload answered " + answer.statusCode() + " to " + location);
		}
		return Long.parseLong(id.group(1));
	}

	/** Confirms a previewed upload: its import run starts. */
	void confirm(Session session, long uploadId) throws Exception {
		HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/imports/" + uploadId + "/confirm"))
			.header("Cookie", session.cookie())
			.header("X-CSRF-TOKEN", session.csrf())
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		if (answer.statusCode() != 302) {
			throw new IllegalStateException("confirm answered " + answer.statusCode());
		}
	}

	/**
	 * Follows a run through {@code GET /api/sync/runs/{id}} until it ends.
	 * @param started when it was asked for ({@link System#nanoTime()})
	 */
	Run follow(Session session, String location, long started, RssSampler sampler) throws Exception {
		Instant giveUp = Instant.now().plus(Duration.ofMinutes(10));
		while (Instant.now().isBefore(giveUp)) {
			HttpResponse<String> answer = get(session.cookie(), location);
			if (answer.statusCode() == 200) {
				DocumentContext run = JsonPath.parse(answer.body());
				if (!"running".equals(run.read("$.status"))) {
					long millis = (System.nanoTime() - started) / 1_000_000;
					return new Run(run, millis, sampler.max());
				}
			}
			else if (!isAlive()) {
				throw new IllegalStateException("the packaged app died: see target/bench-jar.log");
			}
			Thread.sleep(20);
		}
		throw new IllegalStateException("run " + location + " did not end within 10 minutes");
	}

	boolean isAlive() {
		return process.isAlive();
	}

	/** Lines of the app's output containing this text (an OutOfMemoryError, say). */
	long logLinesContaining(String text) throws IOException {
		try (Stream<String> lines = Files.lines(Path.of("target/bench-jar.log"))) {
			return lines.filter((line) -> line.contains(text)).count();
		}
	}

	/** Samples the process's resident size every 50 ms until closed. */
	RssSampler sampleRss() {
		RssSampler sampler = new RssSampler();
		sampler.thread.start();
		return sampler;
	}

	final class RssSampler implements AutoCloseable {

		private final AtomicLong max = new AtomicLong();

		private final Thread thread = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				max.accumulateAndGet(statusKiB("VmRSS"), Math::max);
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});

		private RssSampler() {
			thread.setDaemon(true);
		}

		/** The highest resident size sampled so far, KiB. */
		long max() {
			return max.get();
		}

		@Override
		public void close() {
			thread.interrupt();
		}

	}

	/**
	 * A signed-in browser.
	 *
	 * @param cookie its session cookie
	 * @param csrf the CSRF token its pages carry
	 */
	record Session(String cookie, String csrf) {
	}

	private String signIn(String username, String password) throws Exception {
		HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/login")).GET().build());
		Matcher csrf = CSRF.matcher(login.body());
		if (!csrf.find()) {
			throw new IllegalStateException("no CSRF field on the login form");
		}
		HttpResponse<String> signedIn = send(HttpRequest.newBuilder(uri("/login"))
			.header("Cookie", cookie(login))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("username=" + username + "&password=" + password + "&_csrf=" + csrf.group(1)))
			.build());
		if (signedIn.statusCode() != 302) {
			throw new IllegalStateException("sign-in answered " + signedIn.statusCode());
		}
		return cookie(signedIn);
	}

	private HttpResponse<String> get(String session, String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Cookie", session)
			.header("Accept", "application/json")
			.GET()
			.build());
	}

	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	private static String cookie(HttpResponse<String> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((header) -> header.startsWith("SESSION="))
			.map((header) -> header.substring(0, header.indexOf(';')))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no SESSION cookie"));
	}

	@Override
	public void close() {
		process.destroy();
		try {
			process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(20),
					java.util.concurrent.TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (process.isAlive()) {
			process.destroyForcibly();
		}
	}

	/**
	 * A finished run.
	 *
	 * @param json the API's answer about it
	 * @param millis from the start request to the answer saying it ended
	 * @param maxRssKiB the highest resident size sampled while it ran
	 */
	record Run(DocumentContext json, long millis, long maxRssKiB) {
	}

}
