package com.whiskeysocket.crm.google;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.connections.Backoff;
import com.whiskeysocket.crm.connections.ConnectionHttp;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver;
import org.springframework.security.oauth2.client.web.client.RequestAttributePrincipalResolver;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The one class that knows the People API's URLs and JSON. Requests carry the staff
 * member's token from their connection; 429 and 5xx are retried after Retry-After or a
 * capped backoff, a 401 refreshes the token once, and an expired sync token is reported
 * as such.
 */
class PeopleClient {

	private static final Logger log = LoggerFactory.getLogger(PeopleClient.class);

	private final GoogleProperties properties;

	private final RestClient people;

	private final RestClient plain;

	/**
	 * @param bearerTokens adds the staff member's access token; a rejected one is expired
	 * so the next request refreshes it
	 */
	PeopleClient(GoogleProperties properties, RestClient.Builder builder, ClientHttpRequestInterceptor bearerTokens) {
		this.properties = properties;
		this.people = builder.clone()
			.requestFactory(ConnectionHttp.requestFactory())
			.requestInterceptor(bearerTokens)
			.build();
		this.plain = builder.clone().requestFactory(ConnectionHttp.requestFactory()).build();
	}

	/**
	 * One page of the staff member's contacts: everything (no sync token) or the changes
	 * since a sync token, the last page carrying the next sync token.
	 * @param username whose contacts
	 * @param syncToken the stored sync token, or {@code null} for a full read
	 * @param pageToken the previous page's {@code nextPageToken}, or {@code null}
	 * @return the page
	 * @throws GoogleException with code {@link GoogleException#SYNC_TOKEN_EXPIRED} when
	 * Google no longer knows the sync token
	 */
	PeopleModel.ConnectionsPage connections(String username, String syncToken, String pageToken) {
		// every page repeats the first request's parameters, as Google requires; tokens
		// go in as variables so that strict encoding keeps a '+' or '/' intact
		Map<String, Object> values = new HashMap<>();
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(properties.peopleBase())
			.path("/v1/people/me/connections")
			.queryParam("personFields", PeopleModel.PERSON_FIELDS)
			.queryParam("pageSize", properties.pageSize())
			.queryParam("requestSyncToken", true);
		if (syncToken != null) {
			uri.queryParam("syncToken", "{syncToken}");
			values.put("syncToken", syncToken);
		}
		if (pageToken != null) {
			uri.queryParam("pageToken", "{pageToken}");
			values.put("pageToken", pageToken);
		}
		return get(username, uri.encode().buildAndExpand(values).toUri());
	}

	/**
	 * The connected account's address, for "Connected to Google (…)".
	 * @param token a fresh access token
	 * @return the primary email address
	 */
	Optional<String> accountName(OAuth2AccessToken token) {
		try {
			PeopleModel.Person me = plain.get()
				.uri(URI.create(properties.peopleBase() + "/v1/people/me?personFields=emailAddresses"))
				.headers((headers) -> headers.setBearerAuth(token.getTokenValue()))
				.retrieve()
				.body(PeopleModel.Person.class);
			return Optional.ofNullable(me).flatMap(GoogleContacts::email);
		}
		catch (RestClientException ex) {
			log.info("Could not read the Google account name ({})", ex.getClass().getSimpleName());
			return Optional.empty();
		}
	}

	private PeopleModel.ConnectionsPage get(String username, URI uri) {
		boolean refreshed = false;
		for (int attempt = 1;; attempt++) {
			Duration wait;
			try {
				PeopleModel.ConnectionsPage page = people.get()
					.uri(uri)
					.attributes(RequestAttributeClientRegistrationIdResolver
						.clientRegistrationId(GoogleProperties.REGISTRATION_ID))
					.attributes(RequestAttributePrincipalResolver.principal(username))
					.retrieve()
					.body(PeopleModel.ConnectionsPage.class);
				return (page != null) ? page : new PeopleModel.ConnectionsPage(null, null, null);
			}
			catch (RestClientResponseException ex) {
				int status = ex.getStatusCode().value();
				if (status == 401 && !refreshed) {
					// the interceptor has marked the token
					// expired: the retry refreshes it
					refreshed = true;
					continue;
				}
				boolean retryable = status == 429 || status >= 500;
				if (!retryable || attempt >= properties.maxAttempts()) {
					throw new GoogleException(errorCode(status, ex), ex);
				}
				wait = waitBefore(attempt, ex.getResponseHeaders());
			}
			catch (ResourceAccessException ex) {
				if (attempt >= properties.maxAttempts()) {
					throw new GoogleException("google_timeout", ex);
				}
				wait = backoff(attempt);
			}
			sleep(wait);
		}
	}

	private Duration waitBefore(int attempt, HttpHeaders headers) {
		Duration wait = Backoff.before(attempt, headers, properties.backoff(), properties.maxWait());
		if (wait == null) {
			throw new GoogleException("google_throttled");
		}
		return wait;
	}

	private Duration backoff(int attempt) {
		return Backoff.doubling(attempt, properties.backoff(), properties.maxWait());
	}

	private static String errorCode(int status, RestClientResponseException ex) {
		PeopleModel.ErrorBody body = null;
		try {
			body = ex.getResponseBodyAs(PeopleModel.ErrorBody.class);
		}
		catch (RuntimeException ignored) {
			// not Google's JSON error shape
		}
		if (status == 400 && body != null
				&& (body.hasReason("EXPIRED_SYNC_TOKEN") || "FAILED_PRECONDITION".equals(body.status()))) {
			return GoogleException.SYNC_TOKEN_EXPIRED;
		}
		return switch (status) {
			case 401 -> "google_unauthorized";
			case 403 -> "google_forbidden";
			case 429 -> "google_throttled";
			default -> "google_http_" + status;
		};
	}

	private static void sleep(Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GoogleException("google_interrupted", ex);
		}
	}

}
