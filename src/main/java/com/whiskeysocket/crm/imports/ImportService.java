package com.whiskeysocket.crm.imports;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.whiskeysocket.crm.contacts.ContactImport;
import com.whiskeysocket.crm.contacts.FileContact;
import com.whiskeysocket.crm.contacts.FileMatch;
import com.whiskeysocket.crm.contacts.LabeledValue;
import com.whiskeysocket.crm.contacts.PhoneNumbers;
import com.whiskeysocket.crm.sync.StartedRun;
import com.whiskeysocket.crm.sync.SyncBusyException;
import com.whiskeysocket.crm.sync.SyncInProgressException;
import com.whiskeysocket.crm.sync.SyncRuns;
import com.whiskeysocket.crm.sync.SyncSummary;
import com.whiskeysocket.crm.sync.SyncTrigger;

import org.springframework.stereotype.Service;

/**
 * The import's steps: an upload is read once, row by row, into a preview stored in the
 * database (what each row would do: new, merged with which contact, a duplicate of an
 * earlier row, no or an invalid number; and every number of the row with its label and
 * the contact that has it); confirming starts the import as a run in the sync history
 * ({@link ImportSource}), which hands every number and email of each row to the merge.
 * <p>
 * A row belongs to the contact that has its first number anyone has (mobile numbers come
 * first); it completes that contact when it fills a field or brings a number the contact
 * lacks. A row whose first valid number an earlier row had is a duplicate and skipped.
 * <p>
 * Memory stays bounded: rows are classified and stored a page of 1,000 at a time; only
 * the numbers seen so far are kept (to find a number repeated later in the file), at most
 * {@code crm.imports.max-rows} of them.
 */
@Service
class ImportService {

	static final int PAGE = 1_000;

	static final int PREVIEW_PAGE = 100;

	/** How long the result page of a finished import stays. */
	private static final java.time.Duration KEEP_RESULTS = java.time.Duration.ofDays(30);

	private final ImportUploads uploads;

	private final ContactImport contactImport;

	private final PhoneNumbers phoneNumbers;

	private final SyncRuns runs;

	private final ImportSource source;

	private final ImportsProperties properties;

	ImportService(ImportUploads uploads, ContactImport contactImport, PhoneNumbers phoneNumbers, SyncRuns runs,
			ImportSource source, ImportsProperties properties) {
		this.uploads = uploads;
		this.contactImport = contactImport;
		this.phoneNumbers = phoneNumbers;
		this.runs = runs;
		this.source = source;
		this.properties = properties;
	}

	/**
	 * Reads an uploaded file into a preview.
	 * @param staffId who uploads
	 * @param fileName the file's name
	 * @param size its size in bytes
	 * @param in its content
	 * @return the upload's id
	 * @throws ImportRejectedException if the file is too large, has too many rows, or is
	 * not a contact file
	 */
	long upload(long staffId, String fileName, long size, InputStream in) throws IOException {
		long limit = properties.maxFileSize().toBytes();
		if (size > limit) {
			throw new ImportRejectedException("import.error.tooLarge", size(size), size(limit));
		}
		if (size == 0) {
			throw new ImportRejectedException("import.error.empty");
		}
		uploads.deleteStale(Instant.now().minus(properties.keepPreviews()), Instant.now().minus(KEEP_RESULTS));
		String name = cleanFileName(fileName);
		boolean vcard = name.toLowerCase(java.util.Locale.ROOT).endsWith(".vcf")
				|| name.toLowerCase(java.util.Locale.ROOT).endsWith(".vcard");
		long uploadId = uploads.create(staffId, name,
				vcard ? ContactFileReader.Format.VCARD : ContactFileReader.Format.CSV);
		try {
			Preview preview = new Preview(uploadId);
			ContactFileReader.Summary summary = ContactFileReader.read(in, name, properties.maxRows(), preview::add);
			if (summary.rowsInFile() > properties.maxRows()) {
				throw new ImportRejectedException("import.error.tooManyRows", summary.rowsInFile(),
						properties.maxRows());
			}
			if (summary.rows() == 0) {
				throw new ImportRejectedException("import.error.noRows");
			}
			preview.flush();
			uploads.finishPreview(uploadId, preview.counts(), summary.columns());
			if (summary.format() == ContactFileReader.Format.VCARD && !vcard) {
				// a CSV name holding vCards: say what it is
				uploads.setFormat(uploadId, summary.format());
			}
			return uploadId;
		}
		catch (RuntimeException ex) {
			uploads.deleteQuietly(uploadId);
			throw ex;
		}
	}

	Optional<ImportUploads.Upload> find(long uploadId, long staffId) {
		return uploads.find(uploadId, staffId);
	}

	List<PreviewRow> rows(long uploadId, Show show, int page) {
		return uploads.rows(uploadId, show.outcomes(), page * PREVIEW_PAGE, PREVIEW_PAGE);
	}

	/** The import run of an upload, as the history shows it. */
	Optional<SyncSummary> run(ImportUploads.Upload upload) {
		return (upload.runId() != null) ? runs.find(upload.runId(), upload.staffId(), false) : Optional.empty();
	}

	/**
	 * Starts importing a previewed upload and waits a little for it to finish.
	 * @throws ImportRejectedException if it is not a previewed upload of the staff
	 * member, or an import of theirs is already running, or this node has no free thread
	 */
	void confirm(long uploadId, long staffId) {
		if (!uploads.confirm(uploadId, staffId)) {
			throw new ImportRejectedException("import.error.notPending");
		}
		start(uploadId, staffId, "previewed");
	}

	/**
	 * Imports again an upload whose run failed or was interrupted.
	 * @throws ImportRejectedException if its run is still going, or it is not such an
	 * upload
	 */
	void retry(long uploadId, long staffId) {
		ImportUploads.Upload upload = uploads.find(uploadId, staffId)
			.orElseThrow(() -> new ImportRejectedException("import.error.notPending"));
		if (run(upload).map(SyncSummary::running).orElse(false) || !uploads.reconfirm(uploadId, staffId)) {
			throw new ImportRejectedException("import.error.notPending");
		}
		start(uploadId, staffId, "importing");
	}

	private void start(long uploadId, long staffId, String stateBefore) {
		StartedRun run;
		try {
			run = runs.start(source, staffId, SyncTrigger.MANUAL);
		}
		catch (SyncInProgressException ex) {
			uploads.unconfirm(uploadId, stateBefore);
			throw new ImportRejectedException("import.error.running");
		}
		catch (SyncBusyException ex) {
			uploads.unconfirm(uploadId, stateBefore);
			throw new ImportRejectedException("import.error.busy");
		}
		try {
			run.await(properties.confirmWait());
		}
		catch (RuntimeException ex) {
			// recorded on the run; the result page shows it
		}
	}

	boolean cancel(long uploadId, long staffId) {
		return uploads.delete(uploadId, staffId);
	}

	/** "21.3 MB", or "900 KB" below a megabyte. */
	static String size(long bytes) {
		return (bytes < 1024 * 1024) ? String.format(java.util.Locale.ROOT, "%d KB", (bytes + 1023) / 1024)
				: String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
	}

	private static String cleanFileName(String fileName) {
		String name = (fileName != null) ? fileName : "";
		name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
		name = name.replaceAll("\\p{Cntrl}", "");
		if (name.isEmpty()) {
			name = "contacts";
		}
		return (name.length() > 255) ? name.substring(0, 255) : name;
	}

	/** Which rows the preview lists. */
	enum Show {

		ALL, NEW, MERGE, UNCHANGED, DUPLICATE, PROBLEM;

		List<RowOutcome> outcomes() {
			return switch (this) {
				case ALL -> List.of();
				case NEW -> List.of(RowOutcome.NEW);
				case MERGE -> List.of(RowOutcome.MERGE);
				case UNCHANGED -> List.of(RowOutcome.UNCHANGED);
				case DUPLICATE -> List.of(RowOutcome.DUPLICATE);
				case PROBLEM -> List.of(RowOutcome.NO_PHONE, RowOutcome.INVALID);
			};
		}

		String code() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

		static Show from(String code) {
			for (Show show : values()) {
				if (show.code().equals(code)) {
					return show;
				}
			}
			return ALL;
		}

	}

	/** Classifies rows a page at a time and stores them. */
	private final class Preview {

		private final long uploadId;

		/** Each number's first row, to recognize it again later in the file. */
		private final Map<String, Integer> firstRows = new HashMap<>();

		private final List<FileContact> pending = new ArrayList<>(PAGE);

		private int total;

		private int added;

		private int merges;

		private int unchanged;

		private int duplicates;

		private int noPhone;

		private int invalid;

		Preview(long uploadId) {
			this.uploadId = uploadId;
		}

		void add(FileContact row) {
			pending.add(row);
			if (pending.size() == PAGE) {
				flush();
			}
		}

		void flush() {
			if (pending.isEmpty()) {
				return;
			}
			List<PreviewRow> rows = new ArrayList<>(pending.size());
			// every valid number of the rows, to ask which contact has it
			Map<String, FileContact> lookup = new LinkedHashMap<>();
			Map<Integer, String> phoneOfRow = new HashMap<>();
			Map<Integer, List<RowNumber>> numbersOfRow = new HashMap<>();
			for (FileContact row : pending) {
				total++;
				List<RowNumber> numbers = numbers(row);
				numbersOfRow.put(row.row(), numbers);
				PhoneNumbers.Result phone = phoneNumbers.firstUsable(row.rawPhones());
				if (!phone.isValid()) {
					boolean missing = phone.rejection() == PhoneNumbers.Rejection.MISSING;
					noPhone += missing ? 1 : 0;
					invalid += missing ? 0 : 1;
					rows.add(previewRow(row, missing ? RowOutcome.NO_PHONE : RowOutcome.INVALID, null, null, null,
							numbers));
					continue;
				}
				Integer first = firstRows.putIfAbsent(phone.digits(), row.row());
				if (first != null) {
					duplicates++;
					rows.add(new PreviewRow(row.row(), RowOutcome.DUPLICATE, clip(row.name(), 500), phone.digits(),
							null, null, null, null, null, null, null, first, numbers, row.emails()));
					continue;
				}
				for (RowNumber number : numbers) {
					if (number.valid()) {
						lookup.putIfAbsent(number.digits(), row);
					}
				}
				phoneOfRow.put(row.row(), phone.digits());
				rows.add(null);
			}
			Map<String, FileMatch> matches = lookup.isEmpty() ? Map.of() : contactImport.matchFile(lookup);
			int i = 0;
			for (FileContact row : pending) {
				if (rows.get(i) == null) {
					List<RowNumber> numbers = new ArrayList<>();
					FileMatch person = null;
					for (RowNumber number : numbersOfRow.get(row.row())) {
						FileMatch match = number.valid() ? matches.get(number.digits()) : null;
						numbers.add((match != null) ? number.matched(match.contactId(), match.name()) : number);
						if (person == null && match != null) {
							// the person owning the row's first number that anyone has
							person = match;
						}
					}
					RowOutcome outcome = outcome(person, numbers);
					switch (outcome) {
						case NEW -> added++;
						case MERGE -> merges++;
						default -> unchanged++;
					}
					rows.set(i, previewRow(row, outcome, phoneOfRow.get(row.row()), person, null, numbers));
				}
				i++;
			}
			uploads.addRows(uploadId, rows);
			pending.clear();
		}

		/** Every number of a row, the valid ones normalized. */
		private List<RowNumber> numbers(FileContact row) {
			List<RowNumber> numbers = new ArrayList<>(row.phones().size());
			for (LabeledValue phone : row.phones()) {
				PhoneNumbers.Result result = phoneNumbers.normalize(phone.value());
				numbers.add(new RowNumber(phone.value(), phone.label(), result.isValid() ? result.digits() : null, null,
						null));
			}
			return numbers;
		}

		/**
		 * New when no number of the row is anyone's; else it completes the person with
		 * its first such number when it fills a field or brings a number that person
		 * lacks.
		 */
		private static RowOutcome outcome(FileMatch person, List<RowNumber> numbers) {
			if (person == null) {
				return RowOutcome.NEW;
			}
			boolean bringsNumber = numbers.stream()
				.anyMatch((number) -> number.valid() && !Long.valueOf(person.contactId()).equals(number.contactId()));
			return (person.changes() || bringsNumber) ? RowOutcome.MERGE : RowOutcome.UNCHANGED;
		}

		private PreviewRow previewRow(FileContact row, RowOutcome outcome, String phone, FileMatch match,
				Integer duplicateOf, List<RowNumber> numbers) {
			String raw = (phone == null && !row.phones().isEmpty()) ? clip(String.join(", ", row.rawPhones()), 255)
					: null;
			return new PreviewRow(row.row(), outcome, clip(row.name(), 500), phone, raw, clip(row.email(), 320),
					clip(row.company(), 255), row.status(), clip(row.notes(), 10_000),
					(match != null) ? match.contactId() : null, (match != null) ? match.name() : null, duplicateOf,
					numbers, row.emails());
		}

		PreviewCounts counts() {
			return new PreviewCounts(total, added, merges, unchanged, duplicates, noPhone, invalid);
		}

	}

	private static String clip(String value, int max) {
		if (value == null) {
			return null;
		}
		String stripped = value.strip();
		return (stripped.codePointCount(0, stripped.length()) <= max) ? stripped
				: stripped.substring(0, stripped.offsetByCodePoints(0, max));
	}

}
