package com.whiskeysocket.crm.whatsapp;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.whiskeysocket.crm.staff.StaffPrincipal;
import com.whiskeysocket.crm.sync.SyncInProgressException;
import com.whiskeysocket.crm.sync.SyncJson;
import com.whiskeysocket.crm.sync.SyncProvider;
import com.whiskeysocket.crm.sync.SyncRuns;
import com.whiskeysocket.crm.sync.SyncTrigger;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The WhatsApp JSON API of the signed-in staff member's own link: its state (polled by
 * the panel while linking), link, unlink and Sync WhatsApp (the same shapes as Outlook's
 * and Google's). Errors are a stable {@code error} code and a fixed message.
 */
@RestController
class WhatsAppApiController {

	private final WhatsAppLinkService links;

	private final WhatsAppPanel panel;

	private final WhatsAppSyncService syncService;

	private final SyncRuns syncRuns;

	private final MessageSource messages;

	WhatsAppApiController(WhatsAppLinkService links, WhatsAppPanel panel, WhatsAppSyncService syncService,
			SyncRuns syncRuns, MessageSource messages) {
		this.links = links;
		this.panel = panel;
		this.syncService = syncService;
		this.syncRuns = syncRuns;
		this.messages = messages;
	}

	@GetMapping("/api/whatsapp/link")
	Map<String, Object> status(@AuthenticationPrincipal StaffPrincipal staff) {
		WhatsAppPanel.View view = panel.view(staff.id());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("configured", view.configured());
		body.put("state", view.state());
		body.put("qrVersion", view.configured() ? panel.qrVersion(staff.id()) : null);
		body.put("phone", view.phone());
		body.put("name", view.name());
		body.put("reason", view.reason());
		body.put("runId", syncRuns.running(staff.id(), SyncProvider.WHATSAPP).map((run) -> run.id()).orElse(null));
		return body;
	}

	@PostMapping("/api/whatsapp/link")
	ResponseEntity<Map<String, Object>> link(@AuthenticationPrincipal StaffPrincipal staff) {
		links.requestLink(staff.id());
		return ResponseEntity.accepted().body(status(staff));
	}

	@PostMapping("/api/whatsapp/disconnect")
	Map<String, Object> unlink(@AuthenticationPrincipal StaffPrincipal staff) {
		links.unlink(staff.id());
		return status(staff);
	}

	/**
	 * Asks the gateway to send every contact again, as a run: 200 with the counts if the
	 * last batch arrives within {@code wait} seconds (default 20, at most 60), else 202
	 * with where to follow it.
	 */
	@PostMapping("/api/whatsapp/sync-contacts")
	ResponseEntity<Map<String, Object>> syncContacts(@AuthenticationPrincipal StaffPrincipal staff,
			@RequestParam(name = "wait", required = false) String wait) {
		Duration waitFor = SyncJson.waitFor(wait);
		return SyncJson.answer(syncRuns.start(syncService, staff.id(), SyncTrigger.MANUAL), waitFor);
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> whatsAppProblem(WhatsAppException ex) {
		return switch (ex.reason()) {
			case NOT_CONFIGURED -> error(HttpStatus.CONFLICT, ex.code(), "whatsapp.notConfigured");
			case NOT_LINKED -> error(HttpStatus.CONFLICT, ex.code(), "whatsapp.api.notLinked");
			case GATEWAY_UNAVAILABLE -> error(HttpStatus.BAD_GATEWAY, ex.code(), "whatsapp.api.unavailable");
			case RESYNC_TIMEOUT -> error(HttpStatus.GATEWAY_TIMEOUT, ex.code(), "whatsapp.api.timeout");
		};
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> alreadyRunning(SyncInProgressException ex) {
		return error(HttpStatus.CONFLICT, "sync_in_progress", "whatsapp.api.inProgress");
	}

	private ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String messageCode) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("message", messages.getMessage(messageCode, null, LocaleContextHolder.getLocale()));
		return ResponseEntity.status(status).body(body);
	}

}
