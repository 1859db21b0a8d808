package com.whiskeysocket.crm.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.testsupport.RawHttp;
import com.whiskeysocket.crm.testsupport.RawHttp.Response;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upload of any size, on a real Tomcat: the import page answers with its own message
 * ("the limit is 20 MB"), never the server's bare 413 and a reset connection.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImportUploadSizeIntegrationTests {

	private static final String BOUNDARY = "----crm-test-boundary";

	@LocalServerPort
	private int port;

	@Test
	void aFileOverTheServersOwnLimitHearsTheImportPagesMessageOnAConnectionThatStaysWhole() throws Exception {
		String session = signIn();
		String token = RawHttp.send(port, "GET", "/imports/new", List.of("Cookie: " + session), null).csrfToken();

		Answer answer = upload(session, token, 70L * 1024 * 1024);

		assertThat(answer.sent()).as("the whole body was read, not cut off by a reset: %s", answer.response()).isTrue();
		assertThat(answer.response()).startsWith("HTTP/1.1 302");
		assertThat(answer.response()).containsIgnoringCase("Location: /imports/new");
		Response page = RawHttp.send(port, "GET", "/imports/new", List.of("Cookie: " + session), null);
		assertThat(page.body()).contains("The file is larger than 20.0 MB, the limit.");
	}

	private String signIn() throws IOException {
		Response login = RawHttp.send(port, "GET", "/login", List.of(), null);
		Response signedIn = RawHttp.send(port, "POST", "/login", List.of("Cookie: " + login.sessionCookie()),
				"username=admin&password=admin-password-for-tests&_csrf="
						+ URLEncoder.encode(login.csrfToken(), StandardCharsets.UTF_8));
		assertThat(signedIn.status()).isEqualTo(302);
		return (signedIn.sessionCookie() != null) ? signedIn.sessionCookie() : login.sessionCookie();
	}

	/**
	 * Posts the import form as a browser without scripts would: the CSRF field first,
	 * then a file of this many bytes.
	 */
	private Answer upload(String session, String token, long fileSize) throws Exception {
		byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + token + "\r\n--"
				+ BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
				+ "Content-Type: text/csv\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
		long length = head.length + fileSize + tail.length;
		String request = "POST /imports HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + session
				+ "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: " + length
				+ "\r\nConnection: close\r\n\r\n";
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(120_000);
			OutputStream out = socket.getOutputStream();
			CompletableFuture<Boolean> sent = CompletableFuture.supplyAsync(() -> {
				try {
					out.write(request.getBytes(StandardCharsets.ISO_8859_1));
					out.write(head);
					byte[] rows = new byte[64 * 1024];
					Arrays.fill(rows, (byte) '1');
					for (long written = 0; written < fileSize; written += rows.length) {
						out.write(rows, 0, (int) Math.min(rows.length, fileSize - written));
					}
					out.write(tail);
					out.flush();
					return true;
				}
				catch (IOException ex) {
					return false;
				}
			});
			String response = readAll(socket.getInputStream());
			return new Answer(sent.get(120, TimeUnit.SECONDS), response);
		}
	}

	private static String readAll(InputStream in) {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		try {
			in.transferTo(buffer);
		}
		catch (IOException ex) {
			// a reset: what was read so far is the answer
		}
		return buffer.toString(StandardCharsets.UTF_8);
	}

	private record Answer(boolean sent, String response) {
	}

}
