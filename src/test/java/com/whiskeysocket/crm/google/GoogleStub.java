package com.whiskeysocket.crm.google;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * WireMock playing Google's token endpoint and the People API over real HTTP, with the
 * app's {@code crm.google.*} settings pointed at it. Every value here is an obviously
 * fake one.
 */
public final class GoogleStub {

	public static final String CLIENT_ID = "000000000000-fake.apps.googleusercontent.com";

	public static final String CLIENT_SECRET = "fake-google-client-secret";

	public static final String TOKEN_PATH = "/token";

	public static final String CONNECTIONS_PATH = "/v1/people/me/connections";

	public static final WireMockServer SERVER = new WireMockServer(options().dynamicPort());

	static {
		SERVER.start();
	}

	private GoogleStub() {
	}

	public static void register(DynamicPropertyRegistry registry) {
		registry.add("crm.google.client-id", () -> CLIENT_ID);
		registry.add("crm.google.client-secret", () -> CLIENT_SECRET);
		registry.add("crm.google.authorization-uri", () -> SERVER.baseUrl() + "/o/oauth2/v2/auth");
		registry.add("crm.google.token-uri", () -> SERVER.baseUrl() + TOKEN_PATH);
		registry.add("crm.google.people-base-url", SERVER::baseUrl);
		registry.add("crm.google.backoff", () -> "10ms");
		registry.add("crm.google.max-wait", () -> "5s");
	}

	public static void tokenEndpointAnswers(String grantType, ResponseDefinitionBuilder response) {
		SERVER.stubFor(post(urlPathEqualTo(TOKEN_PATH)).withRequestBody(containing("grant_type=" + grantType))
			.willReturn(response));
	}

	/** Google's token response; Google sends a refresh token only with the code. */
	public static ResponseDefinitionBuilder tokens(String accessToken, String refreshToken, int expiresIn) {
		String refresh = (refreshToken != null) ? ",\"refresh_token\":\"" + refreshToken + "\"" : "";
		return okJson("{\"access_token\":\"" + accessToken + "\",\"expires_in\":" + expiresIn
				+ ",\"scope\":\"https://www.googleapis.com/auth/contacts.readonly openid "
				+ "https://www.googleapis.com/auth/userinfo.email\",\"token_type\":\"Bearer\"" + refresh + "}");
	}

	public static ResponseDefinitionBuilder oauthError(int status, String error) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":\"" + error + "\",\"error_description\":\"<b>raw text from Google</b>\"}");
	}

	/** {@code GET /v1/people/me} answers with this address. */
	public static void me(String email) {
		SERVER.stubFor(get(urlPathEqualTo("/v1/people/me")).willReturn(okJson("{\"resourceName\":\"people/me1\","
				+ "\"emailAddresses\":[{\"metadata\":{\"primary\":true},\"value\":\"" + email + "\"}]}")));
	}

	/**
	 * A connections request: a full read ({@code syncToken} null) or one after a sync
	 * token, its first page ({@code pageToken} null) or a later one.
	 */
	public static MappingBuilder connections(String syncToken, String pageToken) {
		return get(urlPathEqualTo(CONNECTIONS_PATH))
			.withQueryParam("personFields", equalTo("names,phoneNumbers,emailAddresses,organizations,metadata"))
			.withQueryParam("requestSyncToken", equalTo("true"))
			.withQueryParam("syncToken", (syncToken != null) ? equalTo(syncToken) : absent())
			.withQueryParam("pageToken", (pageToken != null) ? equalTo(pageToken) : absent());
	}

	public static void page(String syncToken, String pageToken, String body) {
		SERVER.stubFor(connections(syncToken, pageToken).willReturn(okJson(body)));
	}

	/**
	 * A page body: people, then the next page token or (last page) the next sync token.
	 */
	public static String body(String nextPageToken, String nextSyncToken, String... people) {
		StringBuilder json = new StringBuilder("{\"connections\":[").append(String.join(",", people)).append("]");
		if (nextPageToken != null) {
			json.append(",\"nextPageToken\":\"").append(nextPageToken).append("\"");
		}
		if (nextSyncToken != null) {
			json.append(",\"nextSyncToken\":\"").append(nextSyncToken).append("\"");
		}
		return json.append(",\"totalPeople\":").append(people.length).append("}").toString();
	}

	/** A person with a display name and one mobile number (typed as given). */
	public static String person(String id, String name, String phone) {
		String phones = (phone != null) ? ",\"phoneNumbers\":[{\"value\":\"" + phone + "\",\"type\":\"mobile\"}]" : "";
		return "{\"resourceName\":\"people/" + id + "\",\"etag\":\"%Ef" + id + "\",\"metadata\":{},"
				+ "\"names\":[{\"metadata\":{\"primary\":true},\"displayName\":\"" + name + "\"}]" + phones + "}";
	}

	public static String deleted(String id) {
		return "{\"resourceName\":\"people/" + id + "\",\"etag\":\"%Eg\",\"metadata\":{\"deleted\":true}}";
	}

	public static ResponseDefinitionBuilder expiredSyncToken() {
		return aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"code\":400,\"message\":\"Sync token is expired. Clear local cache and retry "
					+ "call without the sync token.\",\"status\":\"FAILED_PRECONDITION\",\"details\":[{\"@type\":"
					+ "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"EXPIRED_SYNC_TOKEN\"}]}}");
	}

}
