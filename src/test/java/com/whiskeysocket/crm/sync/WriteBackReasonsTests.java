package com.whiskeysocket.crm.sync;

import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every failure code a write can end with has a sentence, in English and Indonesian: the
 * codes of {@code GoogleAddressBook} and {@code OutlookAddressBook} (their HTTP statuses
 * too) and the worker's own.
 */
class WriteBackReasonsTests {

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource({ "google_throttled, throttled", "graph_throttled, throttled", "google_timeout, unavailable",
			"graph_timeout, unavailable", "google_http_503, unavailable", "graph_http_500, unavailable",
			"google_unavailable, unavailable", "graph_unavailable, unavailable",
			"google_incomplete_answer, unavailable", "graph_empty_response, unavailable",
			"write_back_conflict, conflict", "google_stale_etag, conflict", "graph_http_412, conflict",
			"google_not_found, gone", "graph_http_404, gone", "google_unauthorized, refused",
			"google_forbidden, refused", "graph_unauthorized, refused", "google_http_400, rejected",
			"graph_http_400, rejected", "write_consent_required, consent", "something_new, other" })
	void eachCodeReadsAsASentence(String code, String kind) throws Exception {
		String key = WriteBackPanel.reason(code);

		assertThat(key).isEqualTo("writeBack.reason." + kind);
		for (String bundle : new String[] { "messages.properties", "messages_id.properties" }) {
			Properties messages = PropertiesLoaderUtils.loadProperties(new ClassPathResource(bundle));
			assertThat(messages.getProperty(key)).as(bundle).isNotBlank().doesNotContain(code.toLowerCase(Locale.ROOT));
		}
	}

}
