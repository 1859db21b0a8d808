package com.whiskeysocket.crm.google;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.whiskeysocket.crm.connections.ConnectionException;
import com.whiskeysocket.crm.connections.Connections;
import com.whiskeysocket.crm.contacts.ContactImport;
import com.whiskeysocket.crm.contacts.ImportCounts;
import com.whiskeysocket.crm.contacts.Provider;
import com.whiskeysocket.crm.staff.StaffDirectory;
import com.whiskeysocket.crm.sync.ConnectedContactSource;
import com.whiskeysocket.crm.sync.SyncCounts;
import com.whiskeysocket.crm.sync.SyncOutcome;
import com.whiskeysocket.crm.sync.SyncProvider;
import com.whiskeysocket.crm.sync.SyncRun;

import org.springframework.stereotype.Service;

/**
 * Sync Google as the sync module's {@link ConnectedContactSource} for Google (a
 * background job under a database lease, started by a click or the scheduler):
 * {@link GoogleContactSource} reads the pages, each is merged in one short transaction
 * (its sync token with it), and after a full read the contacts Google no longer has are
 * unlinked. A failure leaves earlier pages merged; the next run converges to the same
 * result.
 */
@Service
class GoogleSyncService implements ConnectedContactSource {

	private final Connections connections;

	private final GoogleContactSource source;

	private final ContactImport contactImport;

	private final StaffDirectory staffDirectory;

	private final GooglePollProperties poll;

	GoogleSyncService(Connections connections, GoogleContactSource source, ContactImport contactImport,
			StaffDirectory staffDirectory, GooglePollProperties poll) {
		this.connections = connections;
		this.source = source;
		this.contactImport = contactImport;
		this.staffDirectory = staffDirectory;
		this.poll = poll;
	}

	/**
	 * Every two minutes while the owner uses the CRM or the last sync found changes: a
	 * sync-token request that finds nothing costs one request.
	 */
	@Override
	public Optional<Duration> activePollInterval() {
		return poll.active().isZero() ? Optional.empty() : Optional.of(poll.active());
	}

	@Override
	public SyncProvider provider() {
		return SyncProvider.GOOGLE;
	}

	@Override
	public String registrationId() {
		return GoogleProperties.REGISTRATION_ID;
	}

	@Override
	public String unavailableCode() {
		return "google_unavailable";
	}

	@Override
	public List<Long> connectedStaff() {
		return connections.connectedStaff(GoogleProperties.REGISTRATION_ID);
	}

	@Override
	public void checkReady(long staffId) {
		connections.authorize(username(staffId), GoogleProperties.REGISTRATION_ID);
	}

	/**
	 * Reads the run's Google contacts into the contact list (on a sync thread).
	 * @throws ConnectionException if Google became unusable
	 * @throws GoogleSyncFailedException if Google failed mid-way
	 */
	@Override
	public SyncOutcome sync(SyncRun run) {
		long staffId = run.staffId();
		String username = username(staffId);
		ImportCounts[] counts = { ImportCounts.NONE };
		try {
			connections.authorize(username, GoogleProperties.REGISTRATION_ID);
			boolean firstImport = !contactImport.hasLinks(Provider.GOOGLE, staffId);
			boolean full = source.read(staffId, username, firstImport, (page) -> {
				counts[0] = counts[0].plus(contactImport.importPage(Provider.GOOGLE, staffId, run.id(), page));
				run.progress(0, 0, syncCounts(counts[0], 0));
			});
			run.finishing();
			int removed = 0;
			if (full && !firstImport) {
				// nothing was linked before this run, so nothing can be missing from it
				removed = contactImport.unlinkUnseen(Provider.GOOGLE, staffId, run.id());
			}
			return new SyncOutcome(syncCounts(counts[0], removed), full ? "full" : "delta");
		}
		catch (GoogleException ex) {
			throw new GoogleSyncFailedException(ex);
		}
	}

	@Override
	public String errorCode(RuntimeException failure) {
		if (failure instanceof GoogleSyncFailedException google && google.getCause() instanceof GoogleException cause) {
			return cause.code();
		}
		if (failure instanceof GoogleException google) {
			return google.code();
		}
		if (failure instanceof ConnectionException connection) {
			return "google_" + connection.reason().name().toLowerCase(Locale.ROOT);
		}
		return "internal_error";
	}

	private String username(long staffId) {
		return staffDirectory.usernameOf(staffId)
			.orElseThrow(() -> new IllegalStateException("staff member " + staffId + " no longer exists"));
	}

	private static SyncCounts syncCounts(ImportCounts c, int removed) {
		return new SyncCounts(c.added(), c.updated(), c.merged(), c.unchanged(), c.skippedNoPhone(),
				c.skippedInvalidPhone(), c.duplicates(), c.total(), 0, c.removed() + removed);
	}

}
