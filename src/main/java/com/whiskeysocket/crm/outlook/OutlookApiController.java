package com.whiskeysocket.crm.outlook;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.whiskeysocket.crm.connections.ConnectionException;
import com.whiskeysocket.crm.connections.ConnectionStatus;
import com.whiskeysocket.crm.connections.Connections;
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
 * The Outlook JSON API. Every call acts on the calling staff member's own connection;
 * errors are a stable {@code error} code and a fixed message, never Microsoft's text or a
 * stack trace.
 */
@RestController
class OutlookApiController {

	private final Connections connections;

	private final OutlookSyncService syncService;

	private final SyncRuns syncRuns;

	private final MessageSource messages;

	OutlookApiController(Connections connections, OutlookSyncService syncService, SyncRuns syncRuns,
			MessageSource messages) {
		this.connections = connections;
		this.syncService = syncService;
		this.syncRuns = syncRuns;
		this.messages = messages;
	}

	@GetMapping("/api/outlook/sync-status")
	Map<String, Object> syncStatus(@AuthenticationPrincipal StaffPrincipal staff) {
		ConnectionStatus status = connections.status(staff.id(), OutlookProperties.REGISTRATION_ID);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("configured", status.configured());
		body.put("connected", status.connected());
		body.put("account", status.account());
		body.put("needsReconnect", status.needsReconnect());
		body.put("live", syncService.live(staff.id()));
		return SyncJson.putRunState(body, syncRuns, staff.id(), SyncProvider.OUTLOOK);
	}

	/**
	 * Starts a sync in the background and answers 200 with the counts if it ends within
	 * {@code wait} seconds (default 20, at most 60), else 202 with the run id and where
	 * to follow it.
	 */
	@PostMapping("/api/outlook/sync-contacts")
	ResponseEntity<Map<String, Object>> syncContacts(@AuthenticationPrincipal StaffPrincipal staff,
			@RequestParam(name = "wait", required = false) String wait) {
		Duration waitFor = SyncJson.waitFor(wait);
		return SyncJson.answer(syncRuns.start(syncService, staff.id(), SyncTrigger.MANUAL), waitFor);
	}

	@PostMapping("/api/outlook/disconnect")
	Map<String, Object> disconnect(@AuthenticationPrincipal StaffPrincipal staff) {
		connections.disconnect(staff.id(), OutlookProperties.REGISTRATION_ID);
		return Map.of("connected", false);
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> connectionProblem(ConnectionException ex) {
		return switch (ex.reason()) {
			case NOT_CONFIGURED -> error(HttpStatus.CONFLICT, "outlook_not_configured", "outlook.notConfigured");
			case NOT_CONNECTED -> error(HttpStatus.CONFLICT, "outlook_not_connected", "outlook.api.notConnected");
			case REAUTHORIZATION_REQUIRED ->
				error(HttpStatus.CONFLICT, "outlook_reauthorization_required", "outlook.needsReconnect");
			case PROVIDER_UNAVAILABLE -> error(HttpStatus.BAD_GATEWAY, "graph_unavailable", "outlook.api.unavailable");
		};
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> syncFailed(OutlookSyncFailedException ex) {
		return error(HttpStatus.BAD_GATEWAY, "graph_unavailable", "outlook.api.unavailable");
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> alreadyRunning(SyncInProgressException ex) {
		return error(HttpStatus.CONFLICT, "sync_in_progress", "outlook.api.inProgress");
	}

	private ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String messageCode) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("message", messages.getMessage(messageCode, null, LocaleContextHolder.getLocale()));
		return ResponseEntity.status(status).body(body);
	}

}
