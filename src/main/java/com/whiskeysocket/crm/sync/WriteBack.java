package com.whiskeysocket.crm.sync;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.connections.ConnectionOverview;
import com.whiskeysocket.crm.connections.Connections;
import com.whiskeysocket.crm.contacts.LastWritten;
import com.whiskeysocket.crm.contacts.LeadStatus;

import org.springframework.stereotype.Service;

/**
 * A staff member's write-back settings and state, as the panel and
 * {@code /api/{provider}/write-back} show and change them.
 */
@Service
public class WriteBack {

	private final List<AddressBookWriter> writers;

	private final WriteBackStore store;

	private final Connections connections;

	private final WriteBackProperties properties;

	private final AuditLog audit;

	WriteBack(List<AddressBookWriter> writers, WriteBackStore store, Connections connections,
			WriteBackProperties properties, AuditLog audit) {
		this.writers = writers;
		this.store = store;
		this.connections = connections;
		this.properties = properties;
		this.audit = audit;
	}

	/**
	 * The state of one staff member's write-back into one provider.
	 *
	 * @param enabled whether it is on
	 * @param scope {@code owned} or {@code all}
	 * @param statuses lead status codes, or {@code null} for any
	 * @param writeAccess whether the connection has the write consent
	 * @param pending contacts waiting to be written
	 * @param failed contacts whose write gave up (shown with {@code errors})
	 * @param errors the codes of those failures
	 * @param paused why writing waits, or {@code null}
	 * @param lastWrittenAt the last successful write, or {@code null}
	 */
	public record State(boolean enabled, String scope, List<String> statuses, boolean writeAccess, int pending,
			int failed, List<String> errors, String paused, Instant lastWrittenAt) {

	}

	/** Whether the installation offers write-back ({@code CRM_WRITE_BACK}). */
	public boolean available() {
		return properties.available();
	}

	/** The writer for a provider, if it can be written to. */
	/** Whether contacts can be written to this provider's address books. */
	public boolean writes(SyncProvider provider) {
		return writer(provider).isPresent();
	}

	Optional<AddressBookWriter> writer(SyncProvider provider) {
		return writers.stream().filter((writer) -> writer.provider() == provider).findFirst();
	}

	/**
	 * The state for the panel and the API.
	 * @param staffId the staff member
	 * @param provider the provider
	 * @return the state
	 */
	public State state(long staffId, SyncProvider provider) {
		AddressBookWriter writer = writer(provider).orElseThrow();
		return state(store.settings(staffId, provider), store.counts(staffId, provider),
				connections.canWrite(staffId, writer.registrationId()));
	}

	/**
	 * The state of each of the staff member's address books the CRM writes, for the sync
	 * panels of a page: their settings, what waits and whether they may write read once
	 * for all providers.
	 * @param staffId the staff member
	 * @param overview the staff member's connections
	 * @return the state by provider
	 */
	Map<SyncProvider, State> states(long staffId, ConnectionOverview overview) {
		Map<SyncProvider, WriteBackSettings> settings = store.settings(staffId);
		Map<SyncProvider, WriteBackStore.Counts> counts = store.counts(staffId);
		Map<SyncProvider, State> states = new java.util.EnumMap<>(SyncProvider.class);
		for (AddressBookWriter writer : writers) {
			SyncProvider provider = writer.provider();
			states.put(provider,
					state(Optional.ofNullable(settings.get(provider)),
							counts.getOrDefault(provider, new WriteBackStore.Counts(0, 0, List.of())),
							overview.canWrite(writer.registrationId())));
		}
		return states;
	}

	private static State state(Optional<WriteBackSettings> settings, WriteBackStore.Counts counts,
			boolean writeAccess) {
		return new State(settings.map(WriteBackSettings::enabled).orElse(false),
				settings.map(WriteBackSettings::scope).orElse(WriteBackSettings.OWNED),
				settings.filter((s) -> !s.statuses().isEmpty())
					.map((s) -> s.statuses().stream().map(LeadStatus::code).sorted().toList())
					.orElse(null),
				writeAccess, counts.pending(), counts.failed(), counts.errors(),
				settings.map(WriteBackSettings::pausedReason).orElse(null),
				settings.map(WriteBackSettings::lastWrittenAt).orElse(null));
	}

	/**
	 * Turns the write-back on or off, or changes its scope. Turning it on needs the write
	 * consent; it fills the address book with every contact in scope.
	 * @param staffId the staff member
	 * @param provider the provider
	 * @param enabled on or off
	 * @param scope {@code owned} or {@code all}
	 * @param statuses lead status codes, or {@code null} / empty for any
	 * @return the new state
	 * @throws WriteBackConsentRequiredException when turning it on without the consent
	 */
	public State change(long staffId, SyncProvider provider, boolean enabled, String scope,
			Collection<String> statuses) {
		AddressBookWriter writer = writer(provider).orElseThrow();
		Set<LeadStatus> parsed = parse(statuses);
		Optional<WriteBackSettings> before = store.settings(staffId, provider);
		String theScope = (scope != null) ? scope
				: before.map(WriteBackSettings::scope).orElse(WriteBackSettings.OWNED);
		if (!WriteBackSettings.OWNED.equals(theScope) && !WriteBackSettings.ALL.equals(theScope)) {
			throw new IllegalArgumentException("scope");
		}
		if (enabled && !connections.canWrite(staffId, writer.registrationId())) {
			throw new WriteBackConsentRequiredException(writer.registrationId());
		}
		boolean wasOn = before.map(WriteBackSettings::enabled).orElse(false);
		boolean widened = before.map((s) -> !s.scope().equals(theScope) || !s.statuses().equals(parsed)).orElse(false);
		store.save(staffId, provider, enabled, theScope, parsed, enabled && (!wasOn || widened));
		if (wasOn != enabled) {
			audit.record(enabled ? "write-back.enabled" : "write-back.disabled", provider.code(),
					enabled ? theScope : null);
		}
		return state(staffId, provider);
	}

	/**
	 * What the CRM last wrote into an address book, for its sync to tell the CRM's own
	 * writes coming back (not changes) from edits made there.
	 *
	 * @param contactId the CRM contact
	 * @param etag the etag or changeKey the provider answered the write with
	 * @param values the values written (as the provider answered them)
	 * @param typed whether a change a person typed in the CRM waits to be written there
	 */
	public record Written(long contactId, String etag, AddressBookEntry values, boolean typed) {

		/**
		 * The base a sync merges the entry against when it reads it back changed.
		 * @return the contact, name, company written and whether a typed change waits
		 */
		public LastWritten lastWritten() {
			return new LastWritten(contactId, values.displayName(), values.company(), typed);
		}

	}

	/**
	 * The copies the CRM wrote among entries a sync read.
	 * @param staffId whose address book
	 * @param provider the provider
	 * @param externalIds the provider's ids read
	 * @return the written copies by external id; entries the CRM never wrote are absent
	 */
	public Map<String, Written> written(long staffId, SyncProvider provider, Collection<String> externalIds) {
		return store.written(staffId, provider, externalIds);
	}

	/**
	 * Entries deleted in the address book: copies the CRM wrote are detached (never
	 * written again, the CRM contact kept).
	 * @param staffId whose address book
	 * @param provider the provider
	 * @param externalIds the provider's ids deleted
	 */
	public void deletedThere(long staffId, SyncProvider provider, Collection<String> externalIds) {
		store.detachByExternalIds(staffId, provider, externalIds);
	}

	/**
	 * The panel's switch: turns it on, and when the connection lacks the write consent
	 * keeps it on but paused until the consent comes back from
	 * {@code /auth/{provider}?access=write} (the worker then resumes it), so after the
	 * round trip the panel shows it on. The JSON API answers 409 instead.
	 * @return where to give the consent, or empty when none is needed
	 */
	public Optional<String> turnOnFromPanel(long staffId, SyncProvider provider) {
		AddressBookWriter writer = writer(provider).orElseThrow();
		Optional<WriteBackSettings> before = store.settings(staffId, provider);
		if (connections.canWrite(staffId, writer.registrationId())) {
			// the contacts chosen before it was turned off, if any
			change(staffId, provider, true, before.map(WriteBackSettings::scope).orElse(WriteBackSettings.OWNED),
					before.map((s) -> s.statuses().stream().map(LeadStatus::code).toList()).orElse(null));
			return Optional.empty();
		}
		store.save(staffId, provider, true, before.map(WriteBackSettings::scope).orElse(WriteBackSettings.OWNED),
				before.map(WriteBackSettings::statuses).orElse(Set.of()), true);
		store.pause(staffId, provider, AddressBookException.CONSENT_REQUIRED);
		if (!before.map(WriteBackSettings::enabled).orElse(false)) {
			audit.record("write-back.enabled", provider.code(), WriteBackSettings.OWNED);
		}
		return Optional.of(new WriteBackConsentRequiredException(writer.registrationId()).authorizeUrl());
	}

	/**
	 * The panel's switch turned off: which contacts were chosen is kept for when it is
	 * turned on again.
	 */
	public State turnOff(long staffId, SyncProvider provider) {
		Optional<WriteBackSettings> before = store.settings(staffId, provider);
		return change(staffId, provider, false, before.map(WriteBackSettings::scope).orElse(null),
				before.map((s) -> s.statuses().stream().map(LeadStatus::code).toList()).orElse(null));
	}

	/**
	 * The panel's choice of which contacts are written, the switch left as it is. A
	 * switch that is on but waits for the write consent stays paused with the new choice.
	 * @param staffId the staff member
	 * @param provider the provider
	 * @param scope {@code owned} or {@code all}
	 * @param statuses lead status codes, empty for any
	 * @return the new state
	 */
	public State changeScope(long staffId, SyncProvider provider, String scope, Collection<String> statuses) {
		AddressBookWriter writer = writer(provider).orElseThrow();
		Optional<WriteBackSettings> before = store.settings(staffId, provider);
		boolean enabled = before.map(WriteBackSettings::enabled).orElse(false);
		if (enabled && !connections.canWrite(staffId, writer.registrationId())) {
			store.save(staffId, provider, true, scope, parse(statuses), true);
			store.pause(staffId, provider, AddressBookException.CONSENT_REQUIRED);
			return state(staffId, provider);
		}
		return change(staffId, provider, enabled, scope, statuses);
	}

	/** Failed writes are tried again now. */
	public State retry(long staffId, SyncProvider provider) {
		store.retryFailed(staffId, provider);
		return state(staffId, provider);
	}

	private static Set<LeadStatus> parse(Collection<String> codes) {
		Set<LeadStatus> statuses = new LinkedHashSet<>();
		if (codes != null) {
			for (String code : codes) {
				statuses.add(List.of(LeadStatus.values())
					.stream()
					.filter((status) -> status.code().equals(code))
					.findFirst()
					.orElseThrow(() -> new IllegalArgumentException("statuses")));
			}
		}
		return statuses;
	}

}
