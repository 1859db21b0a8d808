package com.whiskeysocket.crm.sync;

import java.util.LinkedHashMap;
import java.util.Map;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * {@code GET /api/sync/runs/{id}}: a run's progress or outcome, answered by any node from
 * the database. A staff member sees their own runs, an admin every run; any other id is
 * 404, so ids reveal nothing.
 */
@RestController
class SyncApiController {

	private final SyncRuns runs;

	SyncApiController(SyncRuns runs) {
		this.runs = runs;
	}

	@GetMapping("/api/sync/runs/{id}")
	ResponseEntity<Map<String, Object>> run(@AuthenticationPrincipal StaffPrincipal staff, @PathVariable String id) {
		long runId = runId(id);
		return runs.find(runId, staff.id(), staff.isAdmin())
			.map((run) -> ResponseEntity.ok(SyncJson.run(run)))
			.orElseThrow(SyncRunNotFoundException::new);
	}

	private static long runId(String id) {
		try {
			long runId = Long.parseLong(id);
			if (runId > 0) {
				return runId;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new InvalidSyncRequestException("invalid_run_id", "sync.api.invalidRunId");
	}

	/** No such run, or not the caller's. */
	static class SyncRunNotFoundException extends RuntimeException {

		SyncRunNotFoundException() {
			super("no such sync run");
		}

	}

	/**
	 * The sync module's API errors as JSON, for every provider's start endpoint too.
	 */
	@RestControllerAdvice
	static class SyncApiErrors {

		private final MessageSource messages;

		SyncApiErrors(MessageSource messages) {
			this.messages = messages;
		}

		@ExceptionHandler
		ResponseEntity<Map<String, Object>> invalid(InvalidSyncRequestException ex) {
			return error(HttpStatus.BAD_REQUEST, ex.error(), ex.messageCode());
		}

		@ExceptionHandler
		ResponseEntity<Map<String, Object>> notFound(SyncRunNotFoundException ex) {
			return error(HttpStatus.NOT_FOUND, "not_found", "sync.api.notFound");
		}

		@ExceptionHandler
		ResponseEntity<Map<String, Object>> busy(SyncBusyException ex) {
			return error(HttpStatus.SERVICE_UNAVAILABLE, "sync_busy", "sync.api.busy");
		}

		@ExceptionHandler
		ResponseEntity<Map<String, Object>> inProgress(SyncInProgressException ex) {
			return error(HttpStatus.CONFLICT, "sync_in_progress", "sync.api.inProgress");
		}

		private ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String messageCode) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("error", error);
			body.put("message", messages.getMessage(messageCode, null, LocaleContextHolder.getLocale()));
			return ResponseEntity.status(status).body(body);
		}

	}

}
