package com.whiskeysocket.crm.outlook;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Graph change notifications for Outlook contacts.
 *
 * @param mode {@code MICROSOFT_CHANGE_NOTIFICATIONS}: {@code auto} (on when
 * {@code BASE_URL} is https, which Microsoft requires of notification URLs), {@code on}
 * (forced, for stand-ins and tests) or {@code off}
 * @param baseUrl where Graph reaches this application ({@code BASE_URL})
 * @param lifetime how long a subscription is asked for; Graph allows at most 4,230
 * minutes for contacts
 * @param renewBefore a subscription is renewed when it would end within this time
 * @param check how often each node looks for subscriptions to create, renew or delete
 * @param liveInterval the schedule's interval for an account whose subscription is live:
 * only the backstop for a notification that never came
 */
@ConfigurationProperties("crm.outlook.notifications")
record OutlookNotificationProperties(@DefaultValue("auto") String mode, String baseUrl,
		@DefaultValue("4200m") Duration lifetime, @DefaultValue("24h") Duration renewBefore,
		@DefaultValue("1m") Duration check, @DefaultValue("1h") Duration liveInterval) {

	/** Graph's longest subscription on contacts. */
	static final Duration MAX_LIFETIME = Duration.ofMinutes(4230);

	OutlookNotificationProperties {
		mode = (mode == null) ? "auto" : mode.strip().toLowerCase(Locale.ROOT);
		if (!mode.equals("auto") && !mode.equals("on") && !mode.equals("off")) {
			throw new IllegalArgumentException("MICROSOFT_CHANGE_NOTIFICATIONS must be auto, on or off");
		}
		if (lifetime.compareTo(MAX_LIFETIME) > 0 || renewBefore.compareTo(lifetime) >= 0 || check.toMillis() < 10) {
			throw new IllegalArgumentException("crm.outlook.notifications: lifetime at most 4230m, renew-before "
					+ "shorter than the lifetime, check at least 10ms");
		}
	}

	/** Whether subscriptions are made at all. */
	boolean enabled() {
		return switch (mode) {
			case "on" -> baseUrl != null && !baseUrl.isBlank();
			case "off" -> false;
			default -> baseUrl != null && baseUrl.toLowerCase(Locale.ROOT).startsWith("https://");
		};
	}

	String notificationUrl() {
		return origin() + "/api/outlook/notifications";
	}

	String lifecycleUrl() {
		return origin() + "/api/outlook/notifications/lifecycle";
	}

	private String origin() {
		return baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
	}

}
