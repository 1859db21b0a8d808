package com.whiskeysocket.crm.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

import static org.assertj.core.api.Assertions.assertThat;

class TimesTests {

	private static final Instant NOW = Instant.parse("2026-11-26T07:05:00Z");

	private final Times times = new Times(ZoneId.of("Asia/Jakarta"), messages(), Clock.fixed(NOW, ZoneOffset.UTC));

	@AfterEach
	void resetLocale() {
		LocaleContextHolder.resetLocaleContext();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			2026-11-26T07:04:30Z | en | just now
			2026-11-26T07:02:00Z | en | 3 min ago
			2026-11-26T05:05:00Z | en | 2 h ago
			2026-11-25T10:00:00Z | en | 21 h ago
			2026-11-25T03:00:00Z | en | yesterday
			2026-11-22T07:05:00Z | en | 4 days ago
			2026-11-01T03:04:00Z | en | 1 Nov 2026, 10:04 WIB
			2026-11-26T07:02:00Z | id | 3 mnt lalu
			2026-11-22T07:05:00Z | id | 4 hari lalu
			""")
	void relativeWhereItHelpsThenTheDateInTheCrmZone(Instant then, String language, String expected) {
		LocaleContextHolder.setLocale(Locale.forLanguageTag(language));
		assertThat(times.relative(then)).isEqualTo(expected);
	}

	@Test
	void absoluteAndExactTimesNameTheZone() {
		LocaleContextHolder.setLocale(Locale.ENGLISH);
		assertThat(times.absolute(NOW)).isEqualTo("26 Nov 2026, 14:05 WIB");
		assertThat(times.exact(NOW.plusSeconds(9))).isEqualTo("26 Nov 2026, 14:05:09 WIB");
		assertThat(times.zoneName()).isEqualTo("Asia/Jakarta (WIB)");
		assertThat(times.relative(null)).isEmpty();
	}

	private static ResourceBundleMessageSource messages() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasename("messages");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		return messages;
	}

}
