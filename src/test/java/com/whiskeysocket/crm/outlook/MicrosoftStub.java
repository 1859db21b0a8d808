package com.whiskeysocket.crm.outlook;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * WireMock playing Microsoft's token endpoint (and Graph) over real HTTP, with the app's
 * {@code crm.outlook.*} settings pointed at it. Every value here is an obviously fake
 * one.
 */
final class MicrosoftStub {

	static final String CLIENT_ID = "00000000-0000-0000-0000-0000000c11e0";

	static final String CLIENT_SECRET = "fake-client-secret";

	static final String TOKEN_PATH = "/common/oauth2/v2.0/token";

	static final InFlightRequests IN_FLIGHT = new InFlightRequests();

	/**
	 * Graph's {@code /subscriptions}, registered with
	 * {@link GraphSubscriptions#register}.
	 */
	static final GraphSubscriptions SUBSCRIPTIONS = new GraphSubscriptions();

	static final WireMockServer SERVER = new WireMockServer(
			options().dynamicPort().extensions(IN_FLIGHT, SUBSCRIPTIONS));

	static {
		SERVER.start();
	}

	private MicrosoftStub() {
	}

	static void register(DynamicPropertyRegistry registry) {
		registry.add("crm.outlook.client-id", () -> CLIENT_ID);
		registry.add("crm.outlook.client-secret", () -> CLIENT_SECRET);
		registry.add("crm.outlook.authority-host", SERVER::baseUrl);
		registry.add("crm.outlook.graph-base-url", SERVER::baseUrl);
		registry.add("crm.outlook.redirect-uri", () -> "http://localhost/auth/microsoft/callback");
	}

	static String contactsReadScope() {
		return SERVER.baseUrl() + "/Contacts.Read";
	}

	static void tokenEndpointAnswers(String grantType, ResponseDefinitionBuilder response) {
		SERVER.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=" + grantType))
			.willReturn(response));
	}

	static ResponseDefinitionBuilder tokens(String accessToken, String refreshToken, int expiresIn) {
		String refresh = (refreshToken != null) ? ",\"refresh_token\":\"" + refreshToken + "\"" : "";
		return okJson("{\"token_type\":\"Bearer\",\"scope\":\"" + contactsReadScope() + "\",\"expires_in\":" + expiresIn
				+ ",\"ext_expires_in\":" + expiresIn + ",\"access_token\":\"" + accessToken + "\"" + refresh + "}");
	}

	static ResponseDefinitionBuilder oauthError(int status, String error, String aadsts) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":\"" + error + "\",\"error_description\":\"" + aadsts
					+ ": <b>raw text from Microsoft</b> Trace ID: 0000\",\"error_codes\":["
					+ aadsts.replace("AADSTS", "") + "]}");
	}

}
