package com.whiskeysocket.crm.whatsapp;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.whiskeysocket.crm.contacts.ImportCounts;
import com.whiskeysocket.crm.sync.ContactSource;
import com.whiskeysocket.crm.sync.SyncCounts;
import com.whiskeysocket.crm.sync.SyncOutcome;
import com.whiskeysocket.crm.sync.SyncProvider;
import com.whiskeysocket.crm.sync.SyncRun;
import com.whiskeysocket.crm.whatsapp.WhatsAppException.Reason;

import org.springframework.stereotype.Service;

/**
 * "Sync WhatsApp" as the sync module's {@link ContactSource}: the gateway pushes instead
 * of being pulled, so a run asks it to resync (send its whole contact store again, the
 * batches tagged with the run's request id) and then follows the batches as the webhook
 * receiver merges them, on whichever node, until the last one is in. It fails with
 * {@code whatsapp_gateway_unavailable} if the gateway does not take the request and with
 * {@code whatsapp_resync_timeout} if the last batch does not arrive in time; batches
 * merged until then stay.
 * <p>
 * No account is synced on the schedule: the gateway sends every change as it happens.
 */
@Service
class WhatsAppSyncService implements ContactSource {

	private static final Duration POLL = Duration.ofMillis(250);

	/** Renew the lease at least this often while no batch arrives. */
	private static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private final WhatsAppProperties properties;

	private final WhatsAppLinks links;

	private final WhatsAppResyncs resyncs;

	private final GatewayClient gateway;

	WhatsAppSyncService(WhatsAppProperties properties, WhatsAppLinks links, WhatsAppResyncs resyncs,
			GatewayClient gateway) {
		this.properties = properties;
		this.links = links;
		this.resyncs = resyncs;
		this.gateway = gateway;
	}

	@Override
	public SyncProvider provider() {
		return SyncProvider.WHATSAPP;
	}

	@Override
	public List<Long> connectedStaff() {
		return List.of();
	}

	@Override
	public void checkReady(long staffId) {
		if (!properties.configured()) {
			throw new WhatsAppException(Reason.NOT_CONFIGURED);
		}
		if (links.find(staffId).filter(WhatsAppLink::linked).isEmpty()) {
			throw new WhatsAppException(Reason.NOT_LINKED);
		}
	}

	@Override
	public SyncOutcome sync(SyncRun run) {
		long staffId = run.staffId();
		String requestId = "run-" + run.id() + "-" + UUID.randomUUID();
		resyncs.create(requestId, staffId, run.id());
		gateway.resync(staffId, requestId);
		Instant deadline = Instant.now().plus(properties.resyncTimeout());
		Instant lastBeat = Instant.now();
		int batchesSeen = -1;
		while (true) {
			WhatsAppResyncs.Progress progress = resyncs.progress(requestId)
				.orElseThrow(() -> new IllegalStateException("resync " + requestId + " vanished"));
			SyncCounts counts = counts(progress);
			if (progress.complete()) {
				run.finishing();
				return new SyncOutcome(counts, "full");
			}
			if (progress.batchesDone() != batchesSeen
					|| Duration.between(lastBeat, Instant.now()).compareTo(HEARTBEAT) >= 0) {
				batchesSeen = progress.batchesDone();
				lastBeat = Instant.now();
				run.progress(progress.batchesDone(), (progress.batches() != null) ? progress.batches() : 0, counts);
			}
			if (Instant.now().isAfter(deadline)) {
				throw new WhatsAppException(Reason.RESYNC_TIMEOUT);
			}
			sleep();
		}
	}

	@Override
	public String errorCode(RuntimeException failure) {
		return (failure instanceof WhatsAppException whatsApp) ? whatsApp.code() : "internal_error";
	}

	/** A run's counts: contacts known only by an @lid id count as read and skipped. */
	private static SyncCounts counts(WhatsAppResyncs.Progress progress) {
		ImportCounts c = progress.counts();
		int batches = (progress.batches() != null) ? progress.batches() : 0;
		return new SyncCounts(c.added(), c.updated(), c.merged(), c.unchanged(),
				c.skippedNoPhone() + progress.withoutPhone(), c.skippedInvalidPhone(), c.duplicates(),
				c.total() + progress.withoutPhone(), batches, 0);
	}

	private static void sleep() {
		try {
			Thread.sleep(POLL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for WhatsApp's resync", ex);
		}
	}

}
