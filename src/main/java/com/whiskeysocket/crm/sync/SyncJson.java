package com.whiskeysocket.crm.sync;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs as every provider's JSON API shows them, so the sync panels read one shape.
 */
public final class SyncJson {

	private SyncJson() {
	}

	/**
	 * A run's counts.
	 * @param counts the counts
	 * @return a mutable map, for callers that add fields
	 */
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

	/**
	 * The last run of a staff member and provider.
	 * @param run the run
	 * @return its times, outcome, mode and counts
	 */
	public static Map<String, Object> lastSync(SyncSummary run) {
		Map<String, Object> last = new LinkedHashMap<>();
		last.put("startedAt", run.startedAt().toString());
		last.put("finishedAt", (run.finishedAt() != null) ? run.finishedAt().toString() : null);
		last.put("outcome", run.outcome());
		last.put("errorCode", run.errorCode());
		last.put("durationMs", run.durationMs());
		last.put("mode", run.mode());
		last.put("counts", counts(run.counts()));
		return last;
	}

}
