package com.whiskeysocket.crm.google;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.connections.ConnectionException;
import com.whiskeysocket.crm.connections.Connections;
import com.whiskeysocket.crm.contacts.ContactImport;
import com.whiskeysocket.crm.contacts.ImportCounts;
import com.whiskeysocket.crm.contacts.Provider;
import com.whiskeysocket.crm.staff.StaffPrincipal;
import com.whiskeysocket.crm.sync.SyncCounts;
import com.whiskeysocket.crm.sync.SyncProvider;
import com.whiskeysocket.crm.sync.SyncRun;
import com.whiskeysocket.crm.sync.SyncRuns;
import com.whiskeysocket.crm.sync.SyncTrigger;

import org.springframework.stereotype.Service;

/**
 * Sync Google as a sync run: {@link GoogleContactSource} reads the pages, each is merged
 * in one short transaction (its sync token with it), and after a full read the contacts
 * Google no longer has are unlinked. A failure leaves earlier pages merged; the next run
 * converges to the same result.
 */
@Service
class GoogleSyncService {

	private static final Logger log = LoggerFactory.getLogger(GoogleSyncService.class);

	private final Connections connections;

	private final GoogleContactSource source;

	private final ContactImport contactImport;

	private final SyncRuns syncRuns;

	private final AuditLog audit;

	GoogleSyncService(Connections connections, GoogleContactSource source, ContactImport contactImport,
			SyncRuns syncRuns, AuditLog audit) {
		this.connections = connections;
		this.source = source;
		this.contactImport = contactImport;
		this.syncRuns = syncRuns;
		this.audit = audit;
	}

	/**
	 * Runs a sync for a staff member and waits for it.
	 * @param staff whose address book
	 * @param trigger how it was started
	 * @return the counts
	 * @throws ConnectionException if Google is not usable for this staff member
	 * @throws com.whiskeysocket.crm.sync.SyncInProgressException if one is running
	 * already
	 * @throws GoogleSyncFailedException if Google failed mid-way
	 */
	GoogleSyncResult sync(StaffPrincipal staff, SyncTrigger trigger) {
		String username = staff.getUsername();
		connections.authorize(username, GoogleProperties.REGISTRATION_ID);
		SyncRun run = syncRuns.start(staff.id(), SyncProvider.GOOGLE, trigger);
		audit.recordAs(username, "sync.started", GoogleProperties.REGISTRATION_ID,
				trigger.name().toLowerCase(Locale.ROOT));
		ImportCounts[] counts = { ImportCounts.NONE };
		int removed = 0;
		try {
			boolean firstImport = !contactImport.hasLinks(Provider.GOOGLE, staff.id());
			boolean full = source.read(staff.id(), username, firstImport, (page) -> {
				counts[0] = counts[0].plus(contactImport.importPage(Provider.GOOGLE, staff.id(), run.id(), page));
				run.progress(0, 0, counts[0].total());
			});
			if (full && !firstImport) {
				// nothing was linked before this run, so nothing can be missing from it
				removed = contactImport.unlinkUnseen(Provider.GOOGLE, staff.id(), run.id());
			}
			SyncCounts total = syncCounts(counts[0], removed);
			String mode = full ? "full" : "delta";
			run.finish(total, mode);
			audit.recordAs(username, "sync.finished", GoogleProperties.REGISTRATION_ID,
					"%s: %d new, %d updated, %d merged, %d removed".formatted(mode, total.added(), total.updated(),
							total.merged(), total.removed()));
			long durationMs = Duration.between(run.startedAt(), Instant.now()).toMillis();
			log.info(
					"Google {} sync of staff {} succeeded in {} ms: {} added, {} updated, {} merged, {} unchanged, "
							+ "{} skipped (no phone {}, invalid phone {}), {} duplicates, {} removed, {} read",
					mode, staff.id(), durationMs, total.added(), total.updated(), total.merged(), total.unchanged(),
					total.skipped(), total.skippedNoPhone(), total.skippedInvalidPhone(), total.duplicates(),
					total.removed(), total.total());
			return new GoogleSyncResult(total, mode, durationMs);
		}
		catch (GoogleException ex) {
			throw failed(staff, run, syncCounts(counts[0], removed), ex.code(), new GoogleSyncFailedException(ex));
		}
		catch (ConnectionException ex) {
			throw failed(staff, run, syncCounts(counts[0], removed),
					"google_" + ex.reason().name().toLowerCase(Locale.ROOT), ex);
		}
		catch (RuntimeException ex) {
			throw failed(staff, run, syncCounts(counts[0], removed), "internal_error", ex);
		}
	}

	private RuntimeException failed(StaffPrincipal staff, SyncRun run, SyncCounts counts, String errorCode,
			RuntimeException ex) {
		run.fail(errorCode, counts);
		audit.recordAs(staff.getUsername(), "sync.failed", GoogleProperties.REGISTRATION_ID, errorCode);
		log.warn("Google sync of staff {} failed ({}) after {} contacts", staff.id(), errorCode, counts.total());
		return ex;
	}

	private static SyncCounts syncCounts(ImportCounts c, int removed) {
		return new SyncCounts(c.added(), c.updated(), c.merged(), c.unchanged(), c.skippedNoPhone(),
				c.skippedInvalidPhone(), c.duplicates(), c.total(), 0, c.removed() + removed);
	}

}
