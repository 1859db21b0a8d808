package com.whiskeysocket.crm.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks verification (https://www.standardwebhooks.com): the signature header
 * holds one or more space-separated {@code v1,<base64 HMAC-SHA256>} of
 * {@code id.timestamp.body}; the timestamp (Unix seconds) must be within the tolerance of
 * now. A secret written {@code whsec_<base64>} is those key bytes, any other secret its
 * UTF-8 bytes, exactly as the gateway signs ({@code webhooks.js}).
 */
final class WebhookSignatures {

	private static final String PREFIX = "whsec_";

	private final byte[] key;

	private final Duration tolerance;

	WebhookSignatures(String secret, Duration tolerance) {
		this.key = key(secret);
		this.tolerance = tolerance;
	}

	static byte[] key(String secret) {
		if (secret.startsWith(PREFIX)) {
			return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
		}
		return secret.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Whether a webhook is authentic and fresh.
	 * @param id the {@code webhook-id} header
	 * @param timestamp the {@code webhook-timestamp} header
	 * @param signatures the {@code webhook-signature} header
	 * @param body the raw body
	 * @param now the current time
	 */
	boolean verify(String id, String timestamp, String signatures, byte[] body, Instant now) {
		if (!fresh(id, timestamp, signatures, now)) {
			return false;
		}
		byte[] expected = sign(id, timestamp.strip(), body).getBytes(StandardCharsets.US_ASCII);
		boolean valid = false;
		for (String candidate : signatures.strip().split(" +")) {
			if (!candidate.startsWith("v1,")) {
				continue;
			}
			// every candidate is compared in constant time, so timing tells nothing
			valid |= MessageDigest.isEqual(expected, candidate.substring(3).getBytes(StandardCharsets.US_ASCII));
		}
		return valid;
	}

	/**
	 * Whether the headers can belong to an authentic webhook: all three there and the
	 * timestamp within the tolerance of now. Checked before the body is read, so a
	 * request that fails here never costs its body.
	 * @param id the {@code webhook-id} header
	 * @param timestamp the {@code webhook-timestamp} header
	 * @param signatures the {@code webhook-signature} header
	 * @param now the current time
	 */
	boolean fresh(String id, String timestamp, String signatures, Instant now) {
		if (id == null || id.isBlank() || timestamp == null || signatures == null || signatures.isBlank()) {
			return false;
		}
		long seconds;
		try {
			seconds = Long.parseLong(timestamp.strip());
		}
		catch (NumberFormatException ex) {
			return false;
		}
		return Math.abs(now.getEpochSecond() - seconds) <= tolerance.toSeconds();
	}

	/** The base64 HMAC-SHA256 of {@code id.timestamp.body}. */
	String sign(String id, String timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
			mac.update(body);
			return Base64.getEncoder().encodeToString(mac.doFinal());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
