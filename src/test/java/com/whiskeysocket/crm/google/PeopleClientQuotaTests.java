package com.whiskeysocket.crm.google;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The People client spends the write-back's calls from the per-user budget, at Google's
 * prices, against the {@link PeopleStandIn} keeping Google's pace: the call that would be
 * refused with 429 is held back instead. The budget's clock is fake; its wait is
 * recorded, never slept.
 */
class PeopleClientQuotaTests {

	private static final PeopleStandIn GOOGLE = new PeopleStandIn();

	private static final WireMockServer SERVER = new WireMockServer(options().dynamicPort().extensions(GOOGLE));

	static {
		SERVER.start();
		SERVER.stubFor(any(urlPathMatching("/v1/.*")).willReturn(aResponse().withTransformers(PeopleStandIn.NAME)));
	}

	private final PeopleQuotaTests.FakeClock clock = new PeopleQuotaTests.FakeClock();

	private final List<Duration> waits = new ArrayList<>();

	private PeopleClient people;

	@AfterAll
	static void stop() {
		SERVER.stop();
	}

	@BeforeEach
	void client() {
		GOOGLE.reset();
		GOOGLE.enforce = true;
		GoogleProperties properties = new GoogleProperties("client", "secret", "http://localhost/auth/google/callback",
				SERVER.baseUrl() + "/o/oauth2/v2/auth", SERVER.baseUrl() + "/token", SERVER.baseUrl(), 1000, 1,
				Duration.ofMillis(10), Duration.ofSeconds(1), Duration.ofSeconds(5), PeopleStandIn.PER_MINUTE,
				PeopleStandIn.PER_MINUTE);
		ClientHttpRequestInterceptor bearer = (request, body, execution) -> {
			request.getHeaders().setBearerAuth("test-access-token");
			return execution.execute(request, body);
		};
		// the wait is recorded and then ends the call: the stand-in's minute is real time
		PeopleQuota quota = new PeopleQuota(clock, (wait) -> {
			waits.add(wait);
			throw new InterruptedException("would wait " + wait);
		}, PeopleStandIn.PER_MINUTE, PeopleStandIn.PER_MINUTE, Duration.ofMinutes(1));
		people = new PeopleClient(properties, RestClient.builder(), bearer, quota);
	}

	@Test
	void theBatchCreateGoogleWouldRefuseWaitsForItsMomentInstead() {
		for (int i = 0; i < 15; i++) {
			people.batchCreateContacts("rina", List.of(person("Rina " + i)));
			clock.advance(Duration.ofSeconds(1));
		}
		assertThatExceptionOfType(GoogleException.class)
			.isThrownBy(() -> people.batchCreateContacts("rina", List.of(person("Rina 15"))))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo("google_interrupted"));
		// 15 batch creates spent Google's 90 critical writes; the first leaves the minute
		// at
		// 60 s, the clock is at 15 s
		assertThat(waits).containsExactly(Duration.ofSeconds(45));
		assertThat(GOOGLE.createCalls.get()).isEqualTo(15);
		assertThat(GOOGLE.throttled.get()).isZero();
	}

	@Test
	void readsAreSpentFromTheSameMinute() {
		for (int i = 0; i < 14; i++) {
			people.batchCreateContacts("rina", List.of(person("Rina " + i)));
		}
		for (int i = 0; i < 6; i++) {
			people.contactGroups("rina");
		}
		assertThatExceptionOfType(GoogleException.class).isThrownBy(() -> people.contactGroups("rina"));
		assertThat(waits).containsExactly(Duration.ofMinutes(1));
		assertThat(GOOGLE.throttled.get()).isZero();
	}

	@Test
	void deletesAndGroupWritesAreNotHeldBack() {
		for (int i = 0; i < 15; i++) {
			people.batchCreateContacts("rina", List.of(person("Rina " + i)));
		}
		PeopleModel.ContactGroup group = people.createContactGroup("rina", "Whiskeysocket CRM");
		people.modifyMembers("rina", group.resourceName(), List.of("people/c1"), List.of());
		assertThat(waits).isEmpty();
	}

	private static PeopleModel.Contact person(String givenName) {
		return new PeopleModel.Contact(null, null, List.of(new PeopleModel.Name(null, null, givenName, null)),
				List.of(), List.of(), List.of(), List.of(), null, null);
	}

}
