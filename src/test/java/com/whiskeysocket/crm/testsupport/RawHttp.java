package com.whiskeysocket.crm.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for tests that must send headers Java's HTTP clients
 * refuse to set ({@code Host}) and see the response exactly as sent (no redirects
 * followed, no cookies kept).
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends one request to 127.0.0.1.
	 * @param port the server's port
	 * @param method GET or POST
	 * @param path path and query
	 * @param headers header lines ({@code "Name: value"}); a {@code Host} line replaces
	 * the default one
	 * @param body a form body for POST, or {@code null}
	 * @return the response
	 * @throws IOException if the exchange fails
	 */
	public static Response send(int port, String method, String path, List<String> headers, String body)
			throws IOException {
		StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
		if (headers.stream().noneMatch((h) -> h.toLowerCase(Locale.ROOT).startsWith("host:"))) {
			request.append("Host: 127.0.0.1:").append(port).append("\r\n");
		}
		headers.forEach((h) -> request.append(h).append("\r\n"));
		byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (body != null) {
			request.append("Content-Type: application/x-www-form-urlencoded\r\n");
			request.append("Content-Length: ").append(content.length).append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(content);
			out.flush();
			return Response.parse(readAll(socket.getInputStream()));
		}
	}

	private static String readAll(InputStream in) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		in.transferTo(buffer);
		return buffer.toString(StandardCharsets.UTF_8);
	}

	/**
	 * A response.
	 *
	 * @param status the status code
	 * @param headers header name (lower case) to its values
	 * @param body the body as text (chunk markers included if chunked)
	 */
	public record Response(int status, Map<String, List<String>> headers, String body) {

		static Response parse(String raw) {
			int end = raw.indexOf("\r\n\r\n");
			String[] lines = raw.substring(0, end).split("\r\n");
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers
					.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
							(k) -> new ArrayList<>())
					.add(lines[i].substring(colon + 1).strip());
			}
			return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, raw.substring(end + 4));
		}

		/** The first value of a header, or {@code null}. */
		public String header(String name) {
			List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
			return (values == null) ? null : values.get(0);
		}

		/** The session cookie's {@code name=value}, or {@code null}. */
		public String sessionCookie() {
			return headers.getOrDefault("set-cookie", List.of())
				.stream()
				.filter((c) -> c.startsWith("JSESSIONID=") || c.startsWith("SESSION="))
				.map((c) -> c.substring(0, c.indexOf(';')))
				.findFirst()
				.orElse(null);
		}

		/** The hidden CSRF field's value in a page. */
		public String csrfToken() {
			return body.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
		}

	}

}
