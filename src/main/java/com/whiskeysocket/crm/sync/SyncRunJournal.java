package com.whiskeysocket.crm.sync;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.staff.StaffDirectory;

import org.springframework.stereotype.Component;

/**
 * What every run leaves behind besides its row, the same for every provider: the audit
 * trail's {@code sync.started}, {@code sync.finished} and {@code sync.failed} (as the
 * staff member whose account it is, with the provider as the target) and one log line
 * with the counts.
 */
@Component
class SyncRunJournal {

	private static final Logger log = LoggerFactory.getLogger(SyncRunJournal.class);

	private final AuditLog audit;

	private final StaffDirectory staffDirectory;

	SyncRunJournal(AuditLog audit, StaffDirectory staffDirectory) {
		this.audit = audit;
		this.staffDirectory = staffDirectory;
	}

	void started(SyncRun run) {
		audit.recordAs(actor(run), "sync.started", run.provider().code(), trigger(run));
	}

	void finished(SyncRun run, SyncOutcome outcome, long durationMs) {
		SyncCounts counts = outcome.counts();
		audit.recordAs(actor(run), "sync.finished", run.provider().code(),
				"%s: %d new, %d updated, %d merged, %d removed".formatted(outcome.mode(), counts.added(),
						counts.updated(), counts.merged(), counts.removed()));
		log.info("{} {} sync of staff {} ({}) succeeded in {} ms: {} added, {} updated, {} merged, {} unchanged, "
				+ "{} skipped (no phone {}, invalid phone {}), {} duplicates, {} removed, {} read in {} folders",
				name(run), outcome.mode(), run.staffId(), trigger(run), durationMs, counts.added(), counts.updated(),
				counts.merged(), counts.unchanged(), counts.skipped(), counts.skippedNoPhone(),
				counts.skippedInvalidPhone(), counts.duplicates(), counts.removed(), counts.total(), counts.folders());
	}

	void failed(SyncRun run, String errorCode) {
		audit.recordAs(actor(run), "sync.failed", run.provider().code(), errorCode);
		SyncCounts counts = run.counts();
		log.warn("{} sync of staff {} failed ({}) after {} contacts in {} folders", name(run), run.staffId(), errorCode,
				counts.total(), counts.folders());
	}

	void leaseLost(SyncRun run) {
		log.warn("{} sync of staff {} was taken over by another node after {} contacts", name(run), run.staffId(),
				run.counts().total());
	}

	private String actor(SyncRun run) {
		return staffDirectory.usernameOf(run.staffId()).orElse("staff " + run.staffId());
	}

	/**
	 * The provider as people write it, for log lines ("Outlook full sync of staff 3…").
	 */
	private static String name(SyncRun run) {
		return switch (run.provider()) {
			case WHATSAPP -> "WhatsApp";
			default -> {
				String code = run.provider().code();
				yield Character.toUpperCase(code.charAt(0)) + code.substring(1);
			}
		};
	}

	private static String trigger(SyncRun run) {
		return run.trigger().name().toLowerCase(Locale.ROOT);
	}

}
