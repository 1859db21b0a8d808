package com.whiskeysocket.crm.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET} and {@code PUT /api/{provider}/write-back} for every provider with an
 * {@link AddressBookWriter} (Google, Outlook): the calling staff member's own write-back.
 */
@RestController
class WriteBackApiController {

	private final WriteBack writeBack;

	private final MessageSource messages;

	WriteBackApiController(WriteBack writeBack, MessageSource messages) {
		this.writeBack = writeBack;
		this.messages = messages;
	}

	/**
	 * The change asked for.
	 *
	 * @param enabled on or off (required)
	 * @param scope {@code owned} (default) or {@code all}
	 * @param statuses only contacts of these lead statuses; {@code null} or empty for any
	 */
	record WriteBackRequest(Boolean enabled, String scope, List<String> statuses) {

	}

	@Operation(summary = "The caller's write-back of CRM contacts into their own address book",
			description = "enabled, scope (owned | all), statuses (lead status codes or null for any), "
					+ "writeAccess (the connection has the write consent), pending, failed, lastWrittenAt. "
					+ "403 write_back_disabled when CRM_WRITE_BACK=off.")
	@GetMapping("/api/{provider}/write-back")
	ResponseEntity<Map<String, Object>> get(@PathVariable String provider,
			@AuthenticationPrincipal StaffPrincipal staff) {
		SyncProvider which = provider(provider);
		if (!writeBack.available()) {
			return disabled();
		}
		return ResponseEntity.ok(json(writeBack.state(staff.id(), which)));
	}

	@Operation(summary = "Turns the caller's write-back on or off, or changes its scope",
			description = "Body {\"enabled\": true, \"scope\": \"owned\", \"statuses\": [\"new\"]}. 200 with the "
					+ "state; 409 {\"error\": \"write_consent_required\", \"authorizeUrl\": "
					+ "\"/auth/google?access=write\"} when the connection lacks write access; 403 "
					+ "write_back_disabled when CRM_WRITE_BACK=off; 400 invalid_request.")
	@PutMapping("/api/{provider}/write-back")
	ResponseEntity<Map<String, Object>> put(@PathVariable String provider,
			@AuthenticationPrincipal StaffPrincipal staff, @RequestBody WriteBackRequest request) {
		SyncProvider which = provider(provider);
		if (!writeBack.available()) {
			return disabled();
		}
		if (request == null || request.enabled() == null) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", "writeBack.api.invalid");
		}
		try {
			return ResponseEntity
				.ok(json(writeBack.change(staff.id(), which, request.enabled(), request.scope(), request.statuses())));
		}
		catch (WriteBackConsentRequiredException ex) {
			ResponseEntity<Map<String, Object>> conflict = error(HttpStatus.CONFLICT, "write_consent_required",
					"writeBack.consentRequired");
			conflict.getBody().put("authorizeUrl", ex.authorizeUrl());
			return conflict;
		}
		catch (IllegalArgumentException ex) {
			return error(HttpStatus.BAD_REQUEST, "invalid_request", "writeBack.api.invalid");
		}
	}

	static Map<String, Object> json(WriteBack.State state) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("enabled", state.enabled());
		body.put("scope", state.scope());
		body.put("statuses", state.statuses());
		body.put("writeAccess", state.writeAccess());
		body.put("pending", state.pending());
		body.put("failed", state.failed());
		body.put("lastWrittenAt", state.lastWrittenAt());
		return body;
	}

	private SyncProvider provider(String code) {
		for (SyncProvider provider : SyncProvider.values()) {
			if (provider.code().equals(code.toLowerCase(Locale.ROOT)) && writeBack.writer(provider).isPresent()) {
				return provider;
			}
		}
		throw new ResponseStatusException(HttpStatus.NOT_FOUND);
	}

	private ResponseEntity<Map<String, Object>> disabled() {
		return error(HttpStatus.FORBIDDEN, "write_back_disabled", "writeBack.disabled");
	}

	private ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String messageCode) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("message", messages.getMessage(messageCode, null, LocaleContextHolder.getLocale()));
		return ResponseEntity.status(status).body(body);
	}

}
