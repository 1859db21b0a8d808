package com.whiskeysocket.crm.sync;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.whiskeysocket.crm.connections.ConnectionException;
import com.whiskeysocket.crm.connections.ConnectionStatus;
import com.whiskeysocket.crm.connections.Connections;
import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The JSON API of every {@link ConnectedContactSource} (Outlook, Google), one shape for
 * all: {@code /api/{provider}/sync-status}, {@code /sync-contacts} and
 * {@code /disconnect}. Every call acts on the calling staff member's own connection;
 * errors are a stable {@code error} code and a fixed message, never the provider's text
 * or a stack trace. A name that is no such source is a 404, as any unknown path.
 */
@RestController
class ConnectedSourceApiController {

	private final Map<String, ConnectedContactSource> sources;

	private final Connections connections;

	private final SyncRuns syncRuns;

	private final MessageSource messages;

	ConnectedSourceApiController(List<ConnectedContactSource> sources, Connections connections, SyncRuns syncRuns,
			MessageSource messages) {
		this.sources = sources.stream()
			.collect(Collectors.toUnmodifiableMap((source) -> source.provider().code(), Function.identity()));
		this.connections = connections;
		this.syncRuns = syncRuns;
		this.messages = messages;
	}

	@GetMapping("/api/{provider}/sync-status")
	ResponseEntity<Map<String, Object>> syncStatus(@PathVariable String provider,
			@AuthenticationPrincipal StaffPrincipal staff) {
		ConnectedContactSource source = source(provider);
		return answer(source, () -> {
			ConnectionStatus status = connections.status(staff.id(), source.registrationId());
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("configured", status.configured());
			body.put("connected", status.connected());
			body.put("account", status.account());
			body.put("needsReconnect", status.needsReconnect());
			// changes arrive by themselves within seconds (Outlook change notifications)
			body.put("live", source.live(staff.id()));
			return ResponseEntity.ok(SyncJson.putRunState(body, syncRuns, staff.id(), source.provider()));
		});
	}

	/**
	 * Starts a sync in the background and answers 200 with the counts if it ends within
	 * {@code wait} seconds (default 20, at most 60), else 202 with the run id and where
	 * to follow it.
	 */
	@PostMapping("/api/{provider}/sync-contacts")
	ResponseEntity<Map<String, Object>> syncContacts(@PathVariable String provider,
			@AuthenticationPrincipal StaffPrincipal staff, @RequestParam(name = "wait", required = false) String wait) {
		ConnectedContactSource source = source(provider);
		Duration waitFor = SyncJson.waitFor(wait);
		return answer(source, () -> SyncJson.answer(syncRuns.start(source, staff.id(), SyncTrigger.MANUAL), waitFor));
	}

	@PostMapping("/api/{provider}/disconnect")
	ResponseEntity<Map<String, Object>> disconnect(@PathVariable String provider,
			@AuthenticationPrincipal StaffPrincipal staff) {
		ConnectedContactSource source = source(provider);
		return answer(source, () -> {
			connections.disconnect(staff.id(), source.registrationId());
			return ResponseEntity.ok(Map.of("connected", false));
		});
	}

	private ConnectedContactSource source(String provider) {
		ConnectedContactSource source = sources.get(provider);
		if (source == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return source;
	}

	/** The call's answer, or the JSON error for what the source's connection said. */
	private ResponseEntity<Map<String, Object>> answer(ConnectedContactSource source,
			Supplier<ResponseEntity<Map<String, Object>>> call) {
		String name = source.provider().code();
		try {
			return call.get();
		}
		catch (ConnectionException ex) {
			return switch (ex.reason()) {
				case NOT_CONFIGURED -> error(HttpStatus.CONFLICT, name + "_not_configured", name + ".notConfigured");
				case NOT_CONNECTED -> error(HttpStatus.CONFLICT, name + "_not_connected", name + ".api.notConnected");
				case REAUTHORIZATION_REQUIRED ->
					error(HttpStatus.CONFLICT, name + "_reauthorization_required", name + ".needsReconnect");
				case PROVIDER_UNAVAILABLE ->
					error(HttpStatus.BAD_GATEWAY, source.unavailableCode(), name + ".api.unavailable");
			};
		}
		catch (SyncFailedException ex) {
			return error(HttpStatus.BAD_GATEWAY, source.unavailableCode(), name + ".api.unavailable");
		}
		catch (SyncInProgressException ex) {
			return error(HttpStatus.CONFLICT, "sync_in_progress", name + ".api.inProgress");
		}
	}

	private ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String messageCode) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error);
		body.put("message", messages.getMessage(messageCode, null, LocaleContextHolder.getLocale()));
		return ResponseEntity.status(status).body(body);
	}

}
