package com.whiskeysocket.crm.imports;

import java.util.List;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.contacts.ContactImport;
import com.whiskeysocket.crm.contacts.FileContact;
import com.whiskeysocket.crm.contacts.ImportCounts;
import com.whiskeysocket.crm.staff.StaffDirectory;
import com.whiskeysocket.crm.sync.ContactSource;
import com.whiskeysocket.crm.sync.SyncCounts;
import com.whiskeysocket.crm.sync.SyncOutcome;
import com.whiskeysocket.crm.sync.SyncProvider;
import com.whiskeysocket.crm.sync.SyncRun;

import org.springframework.stereotype.Component;

/**
 * A confirmed upload, imported as a run of the sync module: one run per staff member at a
 * time across nodes, progress and counts in the history, interrupted if its node dies.
 * The run merges the upload's rows from the database a page at a time through
 * {@link ContactImport#importFile}; the scheduler never starts it (no account is
 * "connected").
 */
@Component
class ImportSource implements ContactSource {

	private final ImportUploads uploads;

	private final ContactImport contactImport;

	private final AuditLog audit;

	private final StaffDirectory staff;

	ImportSource(ImportUploads uploads, ContactImport contactImport, AuditLog audit, StaffDirectory staff) {
		this.uploads = uploads;
		this.contactImport = contactImport;
		this.audit = audit;
		this.staff = staff;
	}

	@Override
	public SyncProvider provider() {
		return SyncProvider.IMPORT;
	}

	@Override
	public List<Long> connectedStaff() {
		return List.of();
	}

	@Override
	public void checkReady(long staffId) {
		// an upload is confirmed before its run starts
	}

	@Override
	public SyncOutcome sync(SyncRun run) {
		ImportUploads.Upload upload = uploads.claimConfirmed(run.staffId(), run.id())
			.orElseThrow(() -> new IllegalStateException("no confirmed upload"));
		PreviewCounts preview = upload.counts();
		ImportCounts merged = ImportCounts.NONE;
		int after = 0;
		while (true) {
			List<FileContact> page = uploads.importable(upload.id(), after, ImportService.PAGE);
			if (page.isEmpty()) {
				break;
			}
			merged = merged.plus(contactImport.importFile(run.staffId(), page));
			after = page.get(page.size() - 1).row();
			run.progress(0, 0, counts(merged, preview, false));
		}
		run.finishing();
		uploads.imported(upload.id());
		SyncCounts counts = counts(merged, preview, true);
		audit.recordAs(staff.usernameOf(run.staffId()).orElse(null), "contacts.imported", upload.fileName(),
				counts.total() + " rows: " + counts.added() + " new, " + counts.merged() + " merged, "
						+ counts.unchanged() + " unchanged, " + counts.duplicates() + " duplicates, " + counts.skipped()
						+ " skipped");
		return new SyncOutcome(counts, "full");
	}

	/**
	 * The run's counts: what the merge did plus the rows the preview already set aside
	 * (duplicates within the file, no or invalid numbers).
	 */
	private static SyncCounts counts(ImportCounts merged, PreviewCounts preview, boolean done) {
		return new SyncCounts(merged.added(), merged.updated(), merged.merged(), merged.unchanged(),
				merged.skippedNoPhone() + preview.noPhone(), merged.skippedInvalidPhone() + preview.invalid(),
				merged.duplicates() + preview.duplicates(),
				done ? preview.total() : merged.total() + preview.problems() + preview.duplicates(), 0, 0);
	}

	@Override
	public String errorCode(RuntimeException failure) {
		return "import_failed";
	}

}
