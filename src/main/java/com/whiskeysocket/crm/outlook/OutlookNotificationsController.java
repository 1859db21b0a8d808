package com.whiskeysocket.crm.outlook;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.sync.SyncProvider;
import com.whiskeysocket.crm.sync.SyncRequests;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where Microsoft Graph posts: the validation of a new subscription (its
 * {@code validationToken} echoed as text), change notifications and lifecycle events.
 * Nothing in a notification is taken as data: a notification whose clientState is one of
 * our subscriptions' only asks for a delta sync of that account, and the answer (202) is
 * given at once, never after the sync, since Graph drops endpoints that answer slowly.
 */
@RestController
class OutlookNotificationsController {

	private static final Logger log = LoggerFactory.getLogger(OutlookNotificationsController.class);

	/** What a Graph subscription id looks like; anything else is not logged as given. */
	private static final Pattern SUBSCRIPTION_ID = Pattern.compile("[A-Za-z0-9-]{1,100}");

	private static final int MAX_VALIDATION_TOKEN = 4096;

	private final OutlookSubscriptionStore subscriptions;

	private final OutlookSubscriptionKeeper keeper;

	private final SyncRequests syncRequests;

	private final JsonMapper json;

	OutlookNotificationsController(OutlookSubscriptionStore subscriptions, OutlookSubscriptionKeeper keeper,
			SyncRequests syncRequests, JsonMapper json) {
		this.subscriptions = subscriptions;
		this.keeper = keeper;
		this.syncRequests = syncRequests;
		this.json = json;
	}

	@PostMapping(path = { "/api/outlook/notifications", "/api/outlook/notifications/lifecycle" },
			params = "validationToken")
	ResponseEntity<String> validate(@RequestParam String validationToken) {
		if (validationToken.length() > MAX_VALIDATION_TOKEN) {
			return ResponseEntity.badRequest().build();
		}
		// text/plain (and nosniff from the security headers): the echo is never markup
		return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(validationToken);
	}

	@PostMapping("/api/outlook/notifications")
	ResponseEntity<Void> changes(@RequestBody(required = false) String body) {
		Optional<GraphModel.NotificationBatch> batch = read(body);
		if (batch.isEmpty()) {
			return ResponseEntity.badRequest().build();
		}
		Set<Long> accounts = new LinkedHashSet<>();
		for (GraphModel.Notification notification : batch.get().notifications()) {
			owner(notification).ifPresent(accounts::add);
		}
		accounts.forEach((staffId) -> syncRequests.request(SyncProvider.OUTLOOK, staffId));
		return ResponseEntity.accepted().build();
	}

	@PostMapping("/api/outlook/notifications/lifecycle")
	ResponseEntity<Void> lifecycle(@RequestBody(required = false) String body) {
		Optional<GraphModel.NotificationBatch> batch = read(body);
		if (batch.isEmpty()) {
			return ResponseEntity.badRequest().build();
		}
		boolean keeperNeeded = false;
		for (GraphModel.Notification notification : batch.get().notifications()) {
			Optional<Long> owner = owner(notification);
			if (owner.isEmpty() || notification.lifecycleEvent() == null) {
				continue;
			}
			long staffId = owner.get();
			switch (notification.lifecycleEvent()) {
				case "reauthorizationRequired" -> {
					subscriptions.renewSoon(staffId);
					keeperNeeded = true;
				}
				case "subscriptionRemoved" -> {
					subscriptions.recreate(staffId);
					keeperNeeded = true;
				}
				case "missed" -> syncRequests.request(SyncProvider.OUTLOOK, staffId);
				default -> log.info("Outlook lifecycle event of an unknown kind ignored");
			}
		}
		if (keeperNeeded) {
			keeper.wake();
		}
		return ResponseEntity.accepted().build();
	}

	private Optional<Long> owner(GraphModel.Notification notification) {
		Optional<Long> owner = subscriptions.owner(notification.subscriptionId(), notification.clientState());
		if (owner.isEmpty()) {
			// never the clientState itself: it is the secret being guessed
			log.warn("Outlook notification for subscription {} ignored: its clientState is not ours",
					loggable(notification.subscriptionId()));
		}
		return owner;
	}

	private Optional<GraphModel.NotificationBatch> read(String body) {
		if (body == null || body.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.ofNullable(json.readValue(body, GraphModel.NotificationBatch.class));
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
	}

	private static String loggable(String subscriptionId) {
		return (subscriptionId != null && SUBSCRIPTION_ID.matcher(subscriptionId).matches()) ? subscriptionId
				: "(not a subscription id)";
	}

}
