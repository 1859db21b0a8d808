package com.whiskeysocket.crm.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.whiskeysocket.crm.connections.ConnectionOverview;
import com.whiskeysocket.crm.connections.ConnectionStatus;
import com.whiskeysocket.crm.connections.Connections;
import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * What a provider's sync panel shows about runs, for the signed-in staff member.
 * Templates call it as {@code @syncPanel.running('outlook')},
 * {@code @syncPanel.schedule('outlook', needsReconnect)} and, for a
 * {@link ConnectedContactSource}, {@code @syncPanel.connection('outlook')}.
 */
@Component("syncPanel")
public class SyncPanel {

	private static final List<SyncProvider> PANELS = List.of(SyncProvider.WHATSAPP, SyncProvider.GOOGLE,
			SyncProvider.OUTLOOK);

	private final SyncRuns runs;

	private final Connections connections;

	private final Map<String, ConnectedContactSource> connected;

	private final MessageSource messages;

	private final List<ContactSource> sources;

	SyncPanel(SyncRuns runs, Connections connections, List<ConnectedContactSource> connected, MessageSource messages,
			List<ContactSource> sources) {
		this.runs = runs;
		this.connections = connections;
		this.connected = connected.stream()
			.collect(Collectors.toUnmodifiableMap((source) -> source.provider().code(), Function.identity()));
		this.messages = messages;
		this.sources = sources;
	}

	/**
	 * The signed-in staff member's connection of a connected source, for its column of
	 * the panel ({@code sync/connected-panel.html}).
	 * @param provider e.g. {@code outlook}
	 * @return where to connect and the connection's state
	 */
	public ConnectionPanel connection(String provider) {
		ConnectedContactSource source = connected.get(provider);
		if (source == null) {
			throw new IllegalArgumentException("not a connected source: " + provider);
		}
		StaffPrincipal staff = staff();
		ConnectionStatus status = (staff != null) ? overview(connections, staff.id()).status(source.registrationId())
				: ConnectionStatus.notConfigured();
		return new ConnectionPanel(source.registrationId(), status);
	}

	/** The id of the staff member's running run of this provider, or {@code null}. */
	public Long running(String provider) {
		StaffPrincipal staff = staff();
		if (staff == null) {
			return null;
		}
		SyncSummary run = panels(staff.id()).running().get(provider(provider));
		return (run != null) ? run.id() : null;
	}

	/**
	 * "Synced automatically every 15 minutes · last sync 3 min ago · next in ~12 min", or
	 * why there is no automatic sync.
	 */
	public String schedule(String provider, boolean needsReconnect) {
		StaffPrincipal staff = staff();
		if (staff == null) {
			return "";
		}
		SyncSchedule schedule = panels(staff.id()).schedules().get(provider(provider));
		if (schedule == null) {
			schedule = runs.schedule(staff.id(), provider(provider));
		}
		if (!schedule.automatic()) {
			return text("sync.auto.off");
		}
		if (needsReconnect) {
			return text("sync.auto.paused");
		}
		Instant now = Instant.now();
		List<String> parts = new ArrayList<>();
		ContactSource source = source(provider(provider));
		if (source != null && source.live(staff.id())) {
			parts.add(text("sync.auto.live"));
		}
		else if (source != null && source.activePollInterval().isPresent()) {
			// no push (Google): checked often while its owner works or it changed lately
			Duration every = source.interval(staff.id(), schedule.interval());
			parts.add(text("sync.auto.active", source.activePollInterval().get().toMinutes(), every.toMinutes()));
		}
		else {
			Duration every = (source != null) ? source.interval(staff.id(), schedule.interval()) : schedule.interval();
			parts.add(text("sync.auto.every", every.toMinutes()));
		}
		parts.add((schedule.lastSyncAt() != null)
				? text("sync.auto.last", span(Duration.between(schedule.lastSyncAt(), now)))
				: text("sync.auto.lastNever"));
		if (schedule.nextDueAt() != null) {
			Duration until = Duration.between(now, schedule.nextDueAt());
			if (schedule.failures() > 0) {
				parts.add(text("sync.auto.retry", span(until)));
			}
			else {
				parts.add(until.toMinutes() < 1 ? text("sync.auto.nextSoon") : text("sync.auto.next", span(until)));
			}
		}
		return String.join(text("sync.auto.separator"), parts);
	}

	/**
	 * "Synced 3 min ago" for the latest sync of any of the staff member's address books,
	 * or "Not synced yet": the start of the sync panel's one line on a phone.
	 */
	public String lastSynced() {
		StaffPrincipal staff = staff();
		Instant last = null;
		if (staff != null) {
			for (SyncProvider provider : PANELS) {
				SyncSummary run = panels(staff.id()).last().get(provider);
				Instant at = (run != null) ? run.finishedAt() : null;
				if (at != null && (last == null || at.isAfter(last))) {
					last = at;
				}
			}
		}
		return (last != null) ? text("sync.line.synced", span(Duration.between(last, Instant.now())))
				: text("sync.line.never");
	}

	/** The staff member's runs of every panel's provider, read once per request. */
	private SyncRuns.Panels panels(long staffId) {
		return PerRequest.get("runs." + staffId, () -> runs.panels(staffId, PANELS));
	}

	/** The staff member's connections, read once per request (for every panel). */
	static ConnectionOverview overview(Connections connections, long staffId) {
		return PerRequest.get("connections." + staffId, () -> connections.overview(staffId));
	}

	private String span(Duration duration) {
		long minutes = Math.max(duration.toMinutes(), 0);
		if (minutes < 1) {
			return text("sync.auto.justNow");
		}
		return (minutes < 60) ? text("sync.auto.minutes", minutes)
				: text("sync.auto.hours", minutes / 60, minutes % 60);
	}

	private String text(String code, Object... args) {
		return messages.getMessage(code, args, LocaleContextHolder.getLocale());
	}

	private ContactSource source(SyncProvider provider) {
		return sources.stream().filter((source) -> source.provider() == provider).findFirst().orElse(null);
	}

	private static SyncProvider provider(String provider) {
		return SyncProvider.valueOf(provider.toUpperCase(Locale.ROOT));
	}

	/**
	 * A connected source's column: its connection's state and where to connect it.
	 *
	 * @param registrationId the path segment of {@code /auth/{id}}
	 * @param status the staff member's connection
	 */
	public record ConnectionPanel(String registrationId, ConnectionStatus status) {

	}

	private static StaffPrincipal staff() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof StaffPrincipal staff) ? staff : null;
	}

}
