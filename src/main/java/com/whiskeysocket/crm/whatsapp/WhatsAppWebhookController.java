package com.whiskeysocket.crm.whatsapp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Semaphore;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/whatsapp/events}: the gateway's webhooks. No session and no CSRF token
 * (the security chain lets this one path through); the Standard Webhooks signature is the
 * only credential. 413 for a body over the limit, 401 for a missing or wrong signature or
 * a timestamp too far from now (missing headers and stale timestamps before the body is
 * read), 503 with {@code Retry-After} while {@code crm.whatsapp.max-concurrent-webhooks}
 * bodies are being read already, 400 for a body that is not an event, 200 for a replayed
 * id (without effect) and for events of staff members who never asked to link (ignored).
 */
@RestController
class WhatsAppWebhookController {

	private static final Logger log = LoggerFactory.getLogger(WhatsAppWebhookController.class);

	private final WhatsAppProperties properties;

	private final WhatsAppEvents events;

	private final JsonMapper json;

	/** Bodies being read or handled now: each may hold up to the size limit in memory. */
	private final Semaphore reading;

	WhatsAppWebhookController(WhatsAppProperties properties, WhatsAppEvents events, JsonMapper json) {
		this.properties = properties;
		this.events = events;
		this.json = json;
		this.reading = new Semaphore(properties.maxConcurrentWebhooks());
	}

	@PostMapping("/api/whatsapp/events")
	ResponseEntity<Map<String, Object>> receive(HttpServletRequest request) throws IOException {
		long limit = properties.maxWebhookSize().toBytes();
		if (request.getContentLengthLong() > limit) {
			return error(HttpStatus.CONTENT_TOO_LARGE, "too_large");
		}
		if (!StringUtils.hasText(properties.webhookSecret())) {
			log.warn("A WhatsApp webhook arrived but WA_WEBHOOK_SECRET is not set: refused");
			return error(HttpStatus.UNAUTHORIZED, "invalid_signature");
		}
		WebhookSignatures signatures;
		try {
			signatures = new WebhookSignatures(properties.webhookSecret(), properties.webhookTolerance());
		}
		catch (IllegalArgumentException ex) {
			log.error("WA_WEBHOOK_SECRET starts with whsec_ but the rest is not base64: every webhook is refused");
			return error(HttpStatus.UNAUTHORIZED, "invalid_signature");
		}
		String id = request.getHeader("webhook-id");
		String timestamp = request.getHeader("webhook-timestamp");
		String signature = request.getHeader("webhook-signature");
		// before the body is read: unsigned or stale requests must not cost memory
		if (!signatures.fresh(id, timestamp, signature, Instant.now())) {
			return refused();
		}
		if (!reading.tryAcquire()) {
			log.warn("WhatsApp webhook {} answered 503: {} webhooks are being read already", id,
					properties.maxConcurrentWebhooks());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, "1")
				.body(Map.of("error", "busy"));
		}
		try {
			return receive(id, timestamp, signature, signatures, read(request.getInputStream(), limit));
		}
		finally {
			reading.release();
		}
	}

	private ResponseEntity<Map<String, Object>> receive(String id, String timestamp, String signature,
			WebhookSignatures signatures, byte[] body) {
		if (body == null) {
			return error(HttpStatus.CONTENT_TOO_LARGE, "too_large");
		}
		if (!signatures.verify(id, timestamp, signature, body, Instant.now())) {
			return refused();
		}
		if (id.length() > 255) {
			return error(HttpStatus.BAD_REQUEST, "malformed_event");
		}
		JsonNode event;
		try {
			event = json.readTree(body);
		}
		catch (JacksonException ex) {
			return error(HttpStatus.BAD_REQUEST, "malformed_json");
		}
		try {
			WhatsAppEvents.Result result = events.handle(id, event);
			return ResponseEntity.ok(Map.of("result", result.name().toLowerCase(java.util.Locale.ROOT)));
		}
		catch (WhatsAppEvents.MalformedEventException ex) {
			log.warn("WhatsApp webhook {} refused: {}", id, ex.getMessage());
			return error(HttpStatus.BAD_REQUEST, "malformed_event");
		}
	}

	/** How many webhook bodies are being read or handled now. */
	int bodiesBeingRead() {
		return properties.maxConcurrentWebhooks() - reading.availablePermits();
	}

	private ResponseEntity<Map<String, Object>> refused() {
		log.warn("WhatsApp webhook refused: missing or wrong signature, or a timestamp more than {} s off",
				properties.webhookTolerance().toSeconds());
		return error(HttpStatus.UNAUTHORIZED, "invalid_signature");
	}

	/** The body, or {@code null} once it grows past the limit. */
	private static byte[] read(InputStream in, long limit) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		long size = 0;
		for (int n; (n = in.read(buffer)) != -1;) {
			size += n;
			if (size > limit) {
				return null;
			}
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}

	private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String code) {
		return ResponseEntity.status(status).body(Map.of("error", code));
	}

}
