package com.whiskeysocket.crm.sync;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.whiskeysocket.crm.connections.Connections;
import com.whiskeysocket.crm.contacts.LeadStatus;
import com.whiskeysocket.crm.staff.StaffDirectory;
import com.whiskeysocket.crm.staff.StaffMember;
import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * What pages show of the write-back: the signed-in staff member's switch and progress on
 * the sync panel ({@code sync/connected-panel.html}), and on a contact's page whose
 * address books it is saved in.
 */
@Component
public class WriteBackPanel {

	private final WriteBack writeBack;

	private final WriteBackStore store;

	private final StaffDirectory staff;

	private final Connections connections;

	WriteBackPanel(WriteBack writeBack, WriteBackStore store, StaffDirectory staff, Connections connections) {
		this.writeBack = writeBack;
		this.connections = connections;
		this.store = store;
		this.staff = staff;
	}

	/**
	 * The signed-in staff member's write-back into a provider, if it is offered there.
	 * @param provider e.g. {@code google}
	 * @return the state, or empty when write-back is off for the installation or the
	 * provider cannot be written
	 */
	public Optional<WriteBack.State> state(String provider) {
		Optional<SyncProvider> which = provider(provider);
		Long staffId = signedIn();
		// a provider the CRM cannot write to (yet) shows no switch
		if (which.isEmpty() || staffId == null || !writeBack.available() || !writeBack.writes(which.get())) {
			return Optional.empty();
		}
		// both panels' states in one read of each kind, once per request
		Map<SyncProvider, WriteBack.State> states = PerRequest.get("writeBack." + staffId,
				() -> writeBack.states(staffId, SyncPanel.overview(connections, staffId)));
		return Optional.ofNullable(states.get(which.get()));
	}

	/** The lead status codes the panel offers to limit the write-back to. */
	public List<String> statuses() {
		return Arrays.stream(LeadStatus.values()).map(LeadStatus::code).toList();
	}

	/**
	 * Where a contact is saved, for its page: "In Rina's Google Contacts · saved 2 min
	 * ago".
	 * @param contactId the contact
	 * @return newest first
	 */
	public List<Saved> savedIn(long contactId) {
		if (!writeBack.available()) {
			return List.of();
		}
		return store.savedIn(contactId)
			.stream()
			.map((saved) -> new Saved(staff.members()
				.stream()
				.filter((member) -> member.id() == saved.staffId())
				.findFirst()
				.map(StaffMember::displayName)
				.orElse(null), saved.provider().code(), saved.writtenAt()))
			.toList();
	}

	/**
	 * Where a contact could not be saved, for its page: "Not saved in Rina's Google
	 * Contacts: Google did not answer…", with the retry when it is the signed-in staff
	 * member's address book.
	 * @param contactId the contact
	 * @return the failures
	 */
	public List<Failure> failedFor(long contactId) {
		if (!writeBack.available()) {
			return List.of();
		}
		Long me = signedIn();
		return store.failedFor(contactId)
			.stream()
			.map((failed) -> new Failure(
					staff.members()
						.stream()
						.filter((member) -> member.id() == failed.staffId())
						.findFirst()
						.map(StaffMember::displayName)
						.orElse(null),
					failed.provider().code(), reason(failed.code()), failed.code(),
					me != null && me == failed.staffId()))
			.toList();
	}

	/**
	 * The sentence for a failure code, for the panel.
	 * @param code e.g. {@code google_throttled}
	 * @return its message key ({@code writeBack.reason.*}, taking the provider's name and
	 * the code)
	 */
	public String reasonOf(String code) {
		return reason(code);
	}

	/**
	 * The sentence for a failure code: what the staff member can understand of it.
	 * @param code a code of {@link AddressBookException}, or {@code null}
	 * @return a {@code writeBack.reason.*} message key
	 */
	static String reason(String code) {
		String kind = "other";
		if (code == null) {
			kind = "other";
		}
		else if (AddressBookException.CONSENT_REQUIRED.equals(code)) {
			kind = "consent";
		}
		else if (code.endsWith("_throttled")) {
			kind = "throttled";
		}
		else if (code.equals("write_back_conflict") || code.endsWith("_stale_etag") || code.endsWith("_http_412")) {
			kind = "conflict";
		}
		else if (code.endsWith("_not_found") || code.endsWith("_http_404") || code.endsWith("_http_410")) {
			kind = "gone";
		}
		else if (code.endsWith("_unauthorized") || code.endsWith("_forbidden")
				|| code.endsWith("_scope_insufficient")) {
			kind = "refused";
		}
		else if (code.matches("[a-z]+_http_4\\d\\d")) {
			kind = "rejected";
		}
		else if (code.endsWith("_unavailable") || code.endsWith("_timeout") || code.matches("[a-z]+_http_5\\d\\d")
				|| code.endsWith("_incomplete_answer") || code.endsWith("_empty_response")
				|| code.endsWith("_interrupted") || code.endsWith("_read_failed")) {
			kind = "unavailable";
		}
		return "writeBack.reason." + kind;
	}

	/**
	 * A contact that could not be saved in an address book.
	 *
	 * @param staffName whose, or {@code null} for a former staff member
	 * @param provider {@code google} or {@code outlook}
	 * @param reason the sentence's message key ({@code writeBack.reason.*})
	 * @param code the failure's code
	 * @param mine whether it is the signed-in staff member's (who may retry)
	 */
	public record Failure(String staffName, String provider, String reason, String code, boolean mine) {

	}

	/**
	 * A copy of a contact in a staff member's address book.
	 *
	 * @param staffName whose, or {@code null} for a former staff member
	 * @param provider {@code google} or {@code outlook}
	 * @param savedAt when it was last written
	 */
	public record Saved(String staffName, String provider, Instant savedAt) {

	}

	static Optional<SyncProvider> provider(String code) {
		for (SyncProvider provider : SyncProvider.values()) {
			if (provider.code().equals(code.toLowerCase(Locale.ROOT))) {
				return Optional.of(provider);
			}
		}
		return Optional.empty();
	}

	private static Long signedIn() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof StaffPrincipal principal)
				? principal.id() : null;
	}

}
