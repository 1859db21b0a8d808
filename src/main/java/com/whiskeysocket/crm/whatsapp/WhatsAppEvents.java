package com.whiskeysocket.crm.whatsapp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import com.whiskeysocket.crm.audit.AuditLog;
import com.whiskeysocket.crm.contacts.ContactImport;
import com.whiskeysocket.crm.contacts.ImportCounts;
import com.whiskeysocket.crm.contacts.ImportPage;
import com.whiskeysocket.crm.contacts.IncomingContact;
import com.whiskeysocket.crm.contacts.Provider;
import com.whiskeysocket.crm.contacts.WhatsAppLids;
import com.whiskeysocket.crm.staff.StaffDirectory;
import com.whiskeysocket.crm.whatsapp.ContactsBatch.LidMapping;
import com.whiskeysocket.crm.whatsapp.ContactsBatch.WhatsAppContact;
import com.whiskeysocket.crm.whatsapp.WhatsAppLink.State;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Handles one verified webhook from the gateway, in ONE transaction with its id: a
 * {@code session.status} updates the staff member's link, a {@code contacts.batch} is
 * merged through {@link ContactImport} and, for people WhatsApp shows only by a LID,
 * {@link WhatsAppLids} (and counted on its resync, if it is part of one). Either
 * everything of a webhook is written, its id included, or nothing is, and the gateway's
 * retry does it again.
 */
@Service
class WhatsAppEvents {

	private static final Logger log = LoggerFactory.getLogger(WhatsAppEvents.class);

	static final int MAX_BATCH = 1000;

	private static final int MAX_ATTEMPTS = 3;

	private final WebhookIds webhookIds;

	private final WhatsAppLinks links;

	private final WhatsAppResyncs resyncs;

	private final ContactImport contactImport;

	private final LidMappings lidMappings;

	private final WhatsAppLids lids;

	private final StaffDirectory staffDirectory;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	WhatsAppEvents(WebhookIds webhookIds, WhatsAppLinks links, WhatsAppResyncs resyncs, ContactImport contactImport,
			LidMappings lidMappings, WhatsAppLids lids, StaffDirectory staffDirectory, AuditLog audit,
			PlatformTransactionManager transactionManager) {
		this.webhookIds = webhookIds;
		this.links = links;
		this.resyncs = resyncs;
		this.contactImport = contactImport;
		this.lidMappings = lidMappings;
		this.lids = lids;
		this.staffDirectory = staffDirectory;
		this.audit = audit;
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
	}

	/** What became of a webhook. */
	enum Result {

		HANDLED, REPLAYED, IGNORED

	}

	/**
	 * Handles a verified webhook.
	 * @param webhookId its {@code webhook-id}
	 * @param event the parsed envelope {@code {"type", "timestamp", "data"}}
	 * @return what became of it
	 * @throws MalformedEventException if the envelope or its data is not what the gateway
	 * sends
	 */
	Result handle(String webhookId, JsonNode event) {
		Event parsed = parse(event);
		for (int attempt = 1;; attempt++) {
			try {
				return transactions.execute((status) -> {
					if (!webhookIds.remember(webhookId)) {
						log.info("WhatsApp webhook {} was handled before: replay ignored", webhookId);
						return Result.REPLAYED;
					}
					return apply(parsed);
				});
			}
			catch (PessimisticLockingFailureException | TransactionException ex) {
				// a deadlock rolled the whole webhook back, its id too: try it again
				if (attempt == MAX_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private Result apply(Event event) {
		if (links.find(event.staffId()).isEmpty()) {
			log.warn("WhatsApp {} for staff {} ignored: that staff member never asked to link", event.type(),
					event.staffId());
			return Result.IGNORED;
		}
		return switch (event.type()) {
			case "session.status" -> sessionStatus(event);
			case "contacts.batch" -> contactsBatch(event);
			default -> {
				log.info("WhatsApp webhook of type {} ignored", event.type());
				yield Result.IGNORED;
			}
		};
	}

	private Result sessionStatus(Event event) {
		JsonNode data = event.data();
		long staffId = event.staffId();
		String state = text(data, "state", 20);
		switch ((state != null) ? state : "") {
			case "qr" -> {
				String qr = text(data, "qr", 1000);
				if (qr == null) {
					throw new MalformedEventException("a qr status without its QR");
				}
				links.qr(staffId, qr);
			}
			case "linked" -> {
				links.linked(staffId, digits(text(data, "phone", 20)), text(data, "name", 500));
				audit("whatsapp.linked", staffId, null);
			}
			case "logged_out" -> {
				String reason = text(data, "reason", 64);
				links.ended(staffId, State.LOGGED_OUT, reason);
				audit("whatsapp.logged-out", staffId, reason);
			}
			case "error" -> {
				String reason = text(data, "reason", 64);
				links.ended(staffId, State.ERROR, reason);
				audit("whatsapp.error", staffId, reason);
			}
			default -> {
				log.info("WhatsApp status {} for staff {} ignored", state, staffId);
				return Result.IGNORED;
			}
		}
		return Result.HANDLED;
	}

	/**
	 * Records the batch's LID ↔ phone mappings, gives each contact known only by a LID
	 * the number any linked phone revealed for it, merges the contacts with a number
	 * through {@link ContactImport} and those still without one through
	 * {@link WhatsAppLids} (a contact without a number), then lets each mapping attach
	 * its number to the contact known by its LID, or join it to the contact that has the
	 * number.
	 */
	private Result contactsBatch(Event event) {
		long staffId = event.staffId();
		ContactsBatch batch = ContactsBatch.parse(event.data());
		long started = System.nanoTime();
		Optional<Long> runId = (batch.requestId() != null) ? resyncs.lockRun(batch.requestId(), staffId)
				: Optional.empty();
		lidMappings.record(staffId, batch.mappings());
		Map<String, String> revealed = lidMappings.phonesOf(batch.contacts()
			.stream()
			.filter((contact) -> contact.phone() == null && contact.lid() != null)
			.map(WhatsAppContact::lid)
			.toList());
		List<IncomingContact> withNumber = new ArrayList<>(batch.contacts().size());
		List<IncomingContact> hidden = new ArrayList<>();
		for (WhatsAppContact contact : batch.contacts()) {
			WhatsAppContact known = (contact.phone() == null && revealed.containsKey(contact.lid()))
					? contact.withPhone(revealed.get(contact.lid())) : contact;
			if (known.phone() == null && known.lid() != null) {
				hidden.add(IncomingContact.whatsApp(known.lid(), null, known.name(), known.verifiedName(),
						known.pushName()));
			}
			else {
				withNumber.add(IncomingContact.whatsApp((known.jid() != null) ? known.jid() : "", known.phone(),
						known.name(), known.verifiedName(), known.pushName()));
			}
		}
		ImportCounts counts = contactImport
			.importPage(Provider.WHATSAPP, staffId, runId.orElse(0L), ImportPage.of(withNumber))
			.plus(lids.importHidden(staffId, runId.orElse(0L), hidden));
		int joined = lids.numbersRevealed(staffId,
				batch.mappings().stream().collect(Collectors.toMap(LidMapping::lid, LidMapping::phone, (a, b) -> b)));
		if (runId.isPresent()) {
			resyncs.batchDone(batch.requestId(), batch.batches(), batch.withoutPhone(), counts);
		}
		log.info(
				"WhatsApp batch of staff {}{}: {} contacts, {} new, {} updated, {} merged, {} unchanged, {} known only "
						+ "by a LID, {} LID mappings, {} LID contacts joined to the contact with their number, merged in {} ms",
				staffId, runId.map((id) -> " (run " + id + ")").orElse(""), counts.total(), counts.added(),
				counts.updated(), counts.merged(), counts.unchanged(), hidden.size(), batch.mappings().size(), joined,
				(System.nanoTime() - started) / 1_000_000);
		return Result.HANDLED;
	}

	private void audit(String action, long staffId, String detail) {
		staffDirectory.usernameOf(staffId)
			.ifPresent((username) -> audit.recordAs(username, action, "whatsapp", detail));
	}

	private static Event parse(JsonNode event) {
		if (event == null || !event.isObject()) {
			throw new MalformedEventException("the body is not a JSON object");
		}
		String type = text(event, "type", 100);
		JsonNode data = event.path("data");
		if (type == null || !data.isObject()) {
			throw new MalformedEventException("type and data are required");
		}
		JsonNode staff = data.path("staffId");
		String staffText = staff.isNumber() ? staff.asString() : (staff.isString() ? staff.stringValue() : "");
		if (!staffText.matches("[0-9]{1,18}")) {
			throw new MalformedEventException("data.staffId must be a staff id");
		}
		return new Event(type, Long.parseLong(staffText), data);
	}

	/** A string field, trimmed and cut to a length; {@code null} if absent or blank. */
	static String text(JsonNode node, String field, int max) {
		JsonNode value = node.path(field);
		if (!value.isString()) {
			return null;
		}
		String text = value.stringValue().strip();
		if (text.isEmpty()) {
			return null;
		}
		return (text.codePointCount(0, text.length()) <= max) ? text
				: text.substring(0, text.offsetByCodePoints(0, max));
	}

	private static String digits(String phone) {
		return (phone != null && phone.matches("\\+?[0-9]{6,16}")) ? phone.replace("+", "") : null;
	}

	private record Event(String type, long staffId, JsonNode data) {
	}

	/** A webhook whose body is JSON but not an event the gateway sends. */
	static class MalformedEventException extends RuntimeException {

		MalformedEventException(String message) {
			super(message);
		}

	}

}
