package com.whiskeysocket.crm.outlook;

import java.util.Optional;

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
 * {@code validationToken} echoed as text) and lifecycle events; change notifications are
 * taken before they reach here, by {@link OutlookNotificationFilter}.
 * <p>
 * Nothing in a notification is taken as data: a notification whose clientState is one of
 * our subscriptions' only asks for a delta sync of that account, and the answer (202) is
 * given at once, before even the clientState is checked
 * ({@link OutlookNotificationInbox}), since Graph drops endpoints that answer slowly.
 */
@RestController
class OutlookNotificationsController {

	private static final Logger log = LoggerFactory.getLogger(OutlookNotificationsController.class);

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
			OutlookNotificationInbox.ignored(notification.subscriptionId());
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

}
