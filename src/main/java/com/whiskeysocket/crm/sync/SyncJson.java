package com.whiskeysocket.crm.sync;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.ResponseEntity;

/**
 * The JSON shapes of runs, shared by every provider's API so that scripts see one format.
 */
public final class SyncJson {

	/** Longest {@code wait} a start may ask for, in seconds. */
	public static final int MAX_WAIT_SECONDS = 60;

	/** {@code wait} when a start does not say. */
	public static final int DEFAULT_WAIT_SECONDS = 20;

	private SyncJson() {
	}

	/**
	 * Reads the {@code wait} query parameter of a start.
	 * @param wait the raw value, or {@code null}
	 * @return how long to wait for the run before answering 202
	 * @throws InvalidSyncRequestException if it is not a whole number from 0 to 60
	 */
	public static Duration waitFor(String wait) {
		if (wait == null) {
			return Duration.ofSeconds(DEFAULT_WAIT_SECONDS);
		}
		try {
			int seconds = Integer.parseInt(wait.strip());
			if (seconds >= 0 && seconds <= MAX_WAIT_SECONDS) {
				return Duration.ofSeconds(seconds);
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new InvalidSyncRequestException("invalid_wait", "sync.api.invalidWait");
	}

	/**
	 * The answer to a start: 200 with the counts if the run ended within {@code wait},
	 * else 202 with the run id and, in {@code Location}, where to follow it.
	 * @param run the started run
	 * @param wait how long to wait for it ({@link #waitFor})
	 * @return the response
	 */
	public static ResponseEntity<Map<String, Object>> answer(StartedRun run, Duration wait) {
		return run.await(wait)
			.map((result) -> ResponseEntity.ok(result(result)))
			.orElseGet(() -> ResponseEntity.accepted()
				.location(URI.create(location(run.runId())))
				.body(accepted(run.runId())));
	}

	/**
	 * Adds a staff member's run state for one provider to a {@code sync-status} answer:
	 * {@code running}, {@code runId}, {@code progress} (start, folders, contacts so far),
	 * {@code lastSync} and {@code nextSyncAt} (when the schedule syncs it next, or
	 * {@code null}).
	 * @param body the answer so far
	 * @param runs the runs
	 * @param staffId whose runs
	 * @param provider which provider's
	 * @return the same answer
	 */
	public static Map<String, Object> putRunState(Map<String, Object> body, SyncRuns runs, long staffId,
			SyncProvider provider) {
		body.put("running", false);
		body.put("runId", null);
		body.put("progress", null);
		runs.running(staffId, provider).ifPresent((run) -> {
			body.put("running", true);
			body.put("runId", run.id());
			body.put("progress", Map.of("startedAt", run.startedAt().toString(), "foldersDone", run.foldersDone(),
					"folders", run.counts().folders(), "processed", run.counts().total()));
		});
		body.put("lastSync", runs.last(staffId, provider).map(SyncJson::lastSync).orElse(null));
		SyncSchedule schedule = runs.schedule(staffId, provider);
		body.put("nextSyncAt", schedule.automatic() ? text(schedule.nextDueAt()) : null);
		return body;
	}

	/** The answer to a start that is still running: {@code runId} and {@code status}. */
	public static Map<String, Object> accepted(long runId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("runId", runId);
		body.put("status", "running");
		return body;
	}

	/** Where a started run can be followed. */
	public static String location(long runId) {
		return "/api/sync/runs/" + runId;
	}

	/** A finished run's counts, mode and duration, as a start that waited answers. */
	public static Map<String, Object> result(SyncResult result) {
		Map<String, Object> body = counts(result.counts());
		body.put("mode", result.mode());
		body.put("durationMs", result.durationMs());
		body.put("runId", result.runId());
		return body;
	}

	/** A run with its progress or outcome. */
	public static Map<String, Object> run(SyncSummary run) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", run.id());
		body.put("provider", run.provider());
		body.put("trigger", run.trigger());
		body.put("status", run.outcome());
		body.put("phase", run.phase());
		body.put("processed", run.counts().total());
		body.put("foldersDone", run.foldersDone());
		body.put("folders", run.counts().folders());
		body.put("counts", counts(run.counts()));
		body.put("mode", run.mode());
		body.put("errorCode", run.errorCode());
		body.put("startedAt", text(run.startedAt()));
		body.put("finishedAt", text(run.finishedAt()));
		body.put("durationMs", run.durationMs());
		return body;
	}

	/**
	 * The last run of a staff member and provider, as {@code sync-status} shows it.
	 * @param run the run
	 * @return its times, outcome, mode and counts
	 */
	public static Map<String, Object> lastSync(SyncSummary run) {
		Map<String, Object> last = new LinkedHashMap<>();
		last.put("startedAt", text(run.startedAt()));
		last.put("finishedAt", text(run.finishedAt()));
		last.put("outcome", run.outcome());
		last.put("errorCode", run.errorCode());
		last.put("durationMs", run.durationMs());
		last.put("mode", run.mode());
		last.put("counts", counts(run.counts()));
		return last;
	}

	/** Every count of a run. */
	public static Map<String, Object> counts(SyncCounts counts) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("added", counts.added());
		body.put("updated", counts.updated());
		body.put("merged", counts.merged());
		body.put("unchanged", counts.unchanged());
		body.put("skipped", counts.skipped());
		body.put("skippedNoPhone", counts.skippedNoPhone());
		body.put("skippedInvalidPhone", counts.skippedInvalidPhone());
		body.put("duplicates", counts.duplicates());
		body.put("total", counts.total());
		body.put("folders", counts.folders());
		body.put("removed", counts.removed());
		return body;
	}

	private static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
