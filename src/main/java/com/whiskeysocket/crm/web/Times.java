package com.whiskeysocket.crm.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Times as pages show them: in the CRM's zone ({@code CRM_TIME_ZONE}) with the zone
 * named, and relative ("3 min ago") where that reads better. Templates call it as
 * {@code @times}, usually through the {@code fragments/time} fragment.
 */
@Component("times")
public class Times {

	private static final String PATTERN = "d MMM yyyy, HH:mm z";

	private static final String EXACT_PATTERN = "d MMM yyyy, HH:mm:ss z";

	private final ZoneId zone;

	private final MessageSource messages;

	private final Clock clock;

	@Autowired
	Times(DisplayProperties properties, MessageSource messages) {
		this(properties.timeZone(), messages, Clock.systemUTC());
	}

	Times(ZoneId zone, MessageSource messages, Clock clock) {
		this.zone = zone;
		this.messages = messages;
		this.clock = clock;
	}

	/**
	 * The date and time in the CRM's zone, with the zone's short name: "26 Nov 2026,
	 * 14:05 WIB".
	 */
	public String absolute(Instant instant) {
		if (instant == null) {
			return "";
		}
		return DateTimeFormatter.ofPattern(PATTERN, locale()).withZone(zone).format(instant);
	}

	/** To the second, for the audit trail: "26 Nov 2026, 14:05:09 WIB". */
	public String exact(Instant instant) {
		if (instant == null) {
			return "";
		}
		return DateTimeFormatter.ofPattern(EXACT_PATTERN, locale()).withZone(zone).format(instant);
	}

	/**
	 * "just now", "3 min ago", "2 h ago", "yesterday", "4 days ago", else the date and
	 * time.
	 */
	public String relative(Instant instant) {
		if (instant == null) {
			return "";
		}
		Duration age = Duration.between(instant, clock.instant());
		if (age.isNegative() || age.compareTo(Duration.ofMinutes(1)) < 0) {
			return message("time.justNow", age.toMinutes());
		}
		if (age.compareTo(Duration.ofHours(1)) < 0) {
			return message("time.minutesAgo", age.toMinutes());
		}
		if (age.compareTo(Duration.ofDays(1)) < 0) {
			return message("time.hoursAgo", age.toHours());
		}
		long days = ChronoUnit.DAYS.between(instant.atZone(zone).toLocalDate(),
				clock.instant().atZone(zone).toLocalDate());
		if (days <= 1) {
			return message("time.yesterday", days);
		}
		if (days < 7) {
			return message("time.daysAgo", days);
		}
		return absolute(instant);
	}

	/** The zone as pages name it: "Asia/Jakarta (WIB)". */
	public String zoneName() {
		return zone.getId() + " (" + zone.getDisplayName(TextStyle.SHORT, locale()) + ")";
	}

	private String message(String code, long value) {
		return messages.getMessage(code, new Object[] { value }, locale());
	}

	private static Locale locale() {
		return LocaleContextHolder.getLocale();
	}

}
