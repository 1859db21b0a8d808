package com.whiskeysocket.crm.google;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.connections.Backoff;
import com.whiskeysocket.crm.connections.ConnectionHttp;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
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

	/** An update's etag is no longer the contact's: read it again and merge. */
	static final String STALE_ETAG = "google_stale_etag";

	/** The token lacks the scope a request needs (the write consent). */
	static final String SCOPE_INSUFFICIENT = "google_scope_insufficient";

	static final String NOT_FOUND = "google_not_found";

	private final GoogleProperties properties;

	private final RestClient people;

	private final RestClient plain;

	private final PeopleQuota quota;

	/**
	 * @param bearerTokens adds the staff member's access token; a rejected one is expired
	 * so the next request refreshes it
	 * @param quota the per-user budgets the write-back's calls wait for
	 */
	PeopleClient(GoogleProperties properties, RestClient.Builder builder, ClientHttpRequestInterceptor bearerTokens,
			PeopleQuota quota) {
		this.properties = properties;
		this.quota = quota;
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
		// the read sync keeps its own pace: its pages are counted, never held back
		PeopleModel.ConnectionsPage page = send(username, HttpMethod.GET, uri, null, PeopleModel.ConnectionsPage.class,
				PeopleQuota.Cost.READ, false);
		return (page != null) ? page : new PeopleModel.ConnectionsPage(null, null, null);
	}

	/** The staff member's own contact groups (write-back finds its group by name). */
	List<PeopleModel.ContactGroup> contactGroups(String username) {
		List<PeopleModel.ContactGroup> groups = new ArrayList<>();
		String pageToken = null;
		do {
			UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(properties.peopleBase())
				.path("/v1/contactGroups")
				.queryParam("pageSize", 1000);
			Map<String, Object> values = new HashMap<>();
			if (pageToken != null) {
				uri.queryParam("pageToken", "{pageToken}");
				values.put("pageToken", pageToken);
			}
			PeopleModel.ContactGroupsPage page = send(username, HttpMethod.GET,
					uri.encode().buildAndExpand(values).toUri(), null, PeopleModel.ContactGroupsPage.class);
			if (page == null) {
				break;
			}
			if (page.contactGroups() != null) {
				groups.addAll(page.contactGroups());
			}
			pageToken = page.nextPageToken();
		}
		while (pageToken != null && !pageToken.isBlank());
		return groups;
	}

	PeopleModel.ContactGroup createContactGroup(String username, String name) {
		return send(username, HttpMethod.POST, uri("/v1/contactGroups"),
				new PeopleModel.CreateGroupRequest(new PeopleModel.ContactGroup(null, name, null, null)),
				PeopleModel.ContactGroup.class);
	}

	/** A group with up to {@code maxMembers} of its members' resource names. */
	PeopleModel.ContactGroup contactGroup(String username, String resourceName, int maxMembers) {
		return send(username, HttpMethod.GET,
				UriComponentsBuilder.fromUriString(properties.peopleBase())
					.path("/v1/" + resourceName)
					.queryParam("maxMembers", maxMembers)
					.build()
					.toUri(),
				null, PeopleModel.ContactGroup.class);
	}

	void modifyMembers(String username, String groupResourceName, List<String> add, List<String> remove) {
		send(username, HttpMethod.POST, uri("/v1/" + groupResourceName + "/members:modify"),
				new PeopleModel.ModifyMembersRequest(add.isEmpty() ? null : add, remove.isEmpty() ? null : remove),
				Map.class);
	}

	/** People by resource name (up to 200), with the write-back's fields. */
	List<PeopleModel.Contact> batchGet(String username, List<String> resourceNames) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(properties.peopleBase())
			.path("/v1/people:batchGet")
			.queryParam("personFields", PeopleModel.WRITE_FIELDS);
		resourceNames.forEach((name) -> uri.queryParam("resourceNames", name));
		PeopleModel.BatchGetResponse response = send(username, HttpMethod.GET, uri.encode().build().toUri(), null,
				PeopleModel.BatchGetResponse.class);
		if (response == null || response.responses() == null) {
			return List.of();
		}
		return response.responses().stream().map(PeopleModel.PersonResponse::person).filter(Objects::nonNull).toList();
	}

	/** A person with the write-back's fields; empty when Google no longer has it. */
	Optional<PeopleModel.Contact> contact(String username, String resourceName) {
		try {
			return Optional.ofNullable(send(username, HttpMethod.GET,
					UriComponentsBuilder.fromUriString(properties.peopleBase())
						.path("/v1/" + resourceName)
						.queryParam("personFields", PeopleModel.WRITE_FIELDS)
						.build()
						.toUri(),
					null, PeopleModel.Contact.class));
		}
		catch (GoogleException ex) {
			if (NOT_FOUND.equals(ex.code())) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/**
	 * The staff member's contacts matching a query (names, numbers, emails). Google asks
	 * for a warm-up request with an empty query first, which {@code query = ""} is.
	 */
	List<PeopleModel.Contact> searchContacts(String username, String query) {
		URI uri = UriComponentsBuilder.fromUriString(properties.peopleBase())
			.path("/v1/people:searchContacts")
			.queryParam("query", "{query}")
			.queryParam("readMask", PeopleModel.WRITE_FIELDS)
			.queryParam("pageSize", 30)
			.encode()
			.buildAndExpand(Map.of("query", query))
			.toUri();
		PeopleModel.SearchResponse response = send(username, HttpMethod.GET, uri, null,
				PeopleModel.SearchResponse.class);
		if (response == null || response.results() == null) {
			return List.of();
		}
		return response.results().stream().map(PeopleModel.SearchResult::person).filter(Objects::nonNull).toList();
	}

	/** New contacts (at most 200), in order; Google answers each with its person. */
	List<PeopleModel.Contact> batchCreateContacts(String username, List<PeopleModel.Contact> contacts) {
		PeopleModel.BatchCreateResponse response = send(username, HttpMethod.POST,
				uri("/v1/people:batchCreateContacts"),
				new PeopleModel.BatchCreateRequest(contacts.stream().map(PeopleModel.ContactToCreate::new).toList(),
						PeopleModel.WRITE_FIELDS),
				PeopleModel.BatchCreateResponse.class);
		if (response == null || response.createdPeople() == null
				|| response.createdPeople().size() != contacts.size()) {
			throw new GoogleException("google_incomplete_answer");
		}
		return response.createdPeople().stream().map(PeopleModel.PersonResponse::person).toList();
	}

	/**
	 * Every contact of the account with the write-back's fields, 1,000 a page (one read
	 * request a page): what a first filling matches numbers against instead of one
	 * {@code searchContacts} a contact.
	 */
	List<PeopleModel.Contact> allContacts(String username) {
		List<PeopleModel.Contact> all = new ArrayList<>();
		String pageToken = null;
		do {
			UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(properties.peopleBase())
				.path("/v1/people/me/connections")
				.queryParam("personFields", PeopleModel.WRITE_FIELDS)
				.queryParam("pageSize", 1000);
			Map<String, Object> values = new HashMap<>();
			if (pageToken != null) {
				uri.queryParam("pageToken", "{pageToken}");
				values.put("pageToken", pageToken);
			}
			PeopleModel.ContactsPage page = send(username, HttpMethod.GET, uri.encode().buildAndExpand(values).toUri(),
					null, PeopleModel.ContactsPage.class);
			if (page == null) {
				break;
			}
			if (page.connections() != null) {
				all.addAll(page.connections());
			}
			pageToken = page.nextPageToken();
		}
		while (pageToken != null && !pageToken.isBlank());
		return all;
	}

	/**
	 * Replaces the write-back's fields of up to 200 contacts in one call, each if its
	 * etag is still the one given.
	 * @param contacts the people, each with its resource name and etag
	 * @return the people after the write, by resource name
	 * @throws GoogleException with code {@link #STALE_ETAG} when any of them changed
	 * since (Google then writes none)
	 */
	Map<String, PeopleModel.Contact> batchUpdateContacts(String username, List<PeopleModel.Contact> contacts) {
		Map<String, PeopleModel.Contact> byName = new java.util.LinkedHashMap<>();
		contacts.forEach((contact) -> byName.put(contact.resourceName(), contact));
		PeopleModel.BatchUpdateResponse response = send(username, HttpMethod.POST,
				uri("/v1/people:batchUpdateContacts"),
				new PeopleModel.BatchUpdateRequest(byName, PeopleModel.UPDATE_FIELDS, PeopleModel.WRITE_FIELDS),
				PeopleModel.BatchUpdateResponse.class);
		if (response == null || response.updateResult() == null) {
			throw new GoogleException("google_incomplete_answer");
		}
		Map<String, PeopleModel.Contact> updated = new HashMap<>();
		response.updateResult().forEach((name, answer) -> {
			if (answer != null && answer.person() != null) {
				updated.put(name, answer.person());
			}
		});
		if (!updated.keySet().containsAll(byName.keySet())) {
			throw new GoogleException("google_incomplete_answer");
		}
		return updated;
	}

	/**
	 * Replaces a contact's fields the write-back owns, if its etag is still the one
	 * given.
	 * @throws GoogleException with code {@link #STALE_ETAG} when it changed since
	 */
	PeopleModel.Contact updateContact(String username, PeopleModel.Contact contact) {
		URI uri = UriComponentsBuilder.fromUriString(properties.peopleBase())
			.path("/v1/" + contact.resourceName() + ":updateContact")
			.queryParam("updatePersonFields", PeopleModel.UPDATE_FIELDS)
			.queryParam("personFields", PeopleModel.WRITE_FIELDS)
			.build()
			.toUri();
		return send(username, HttpMethod.PATCH, uri, contact, PeopleModel.Contact.class);
	}

	void deleteContact(String username, String resourceName) {
		send(username, HttpMethod.DELETE, uri("/v1/" + resourceName + ":deleteContact"), null, Map.class);
	}

	private URI uri(String path) {
		return URI.create(properties.peopleBase() + path);
	}

	/**
	 * One write-back request: it waits for its units of the user's quota ({@link #cost}),
	 * then goes as
	 * {@link #send(String, HttpMethod, URI, Object, Class, PeopleQuota.Cost, boolean)}.
	 */
	private <T> T send(String username, HttpMethod method, URI uri, Object body, Class<T> type) {
		return send(username, method, uri, body, type, cost(method, uri), true);
	}

	/**
	 * What a call costs of the per-user quotas, from "Read and Manage Contacts"
	 * (developers.google.com/people/v1/contacts): a batch create or update 6 critical
	 * reads and 6 critical writes, a single create or update 1 and 1, a read 1 critical
	 * read (Google counts group reads against another quota: counting them here is
	 * stricter); deletes and group writes count against other quotas.
	 */
	static PeopleQuota.Cost cost(HttpMethod method, URI uri) {
		String path = uri.getPath();
		if (path.endsWith("/people:batchCreateContacts") || path.endsWith("/people:batchUpdateContacts")) {
			return PeopleQuota.Cost.BATCH_WRITE;
		}
		if (path.endsWith(":updateContact") || path.endsWith("/people:createContact")) {
			return PeopleQuota.Cost.WRITE;
		}
		return HttpMethod.GET.equals(method) ? PeopleQuota.Cost.READ : PeopleQuota.Cost.NONE;
	}

	/**
	 * One request with the staff member's token: 429 and 5xx retried after Retry-After or
	 * a capped backoff, a 401 refreshing the token once. Each try holds its units of the
	 * user's quota; a try answered 429 gives them back (Google did not count it).
	 * @param waitForQuota whether the try waits until its units fit in the user's window,
	 * or is only counted
	 */
	private <T> T send(String username, HttpMethod method, URI uri, Object body, Class<T> type, PeopleQuota.Cost cost,
			boolean waitForQuota) {
		boolean refreshed = false;
		for (int attempt = 1;; attempt++) {
			Duration wait;
			PeopleQuota.Spend spend = waitForQuota ? take(username, cost) : quota.count(username, cost);
			try {
				RestClient.RequestBodySpec request = people.method(method)
					.uri(uri)
					.attributes(RequestAttributeClientRegistrationIdResolver
						.clientRegistrationId(GoogleProperties.REGISTRATION_ID))
					.attributes(RequestAttributePrincipalResolver.principal(username));
				if (body != null) {
					request.contentType(MediaType.APPLICATION_JSON).body(body);
				}
				T answer = request.retrieve().body(type);
				spend.answered();
				return answer;
			}
			catch (RestClientResponseException ex) {
				int status = ex.getStatusCode().value();
				if (status == 429) {
					spend.refund();
				}
				else {
					spend.answered();
				}
				if (status == 401 && !refreshed) {
					// the interceptor has marked the token
					// expired: the retry refreshes it
					refreshed = true;
					continue;
				}
				boolean retryable = status == 429 || status >= 500;
				if (!retryable || attempt >= properties.maxAttempts()) {
					throw new GoogleException(errorCode(status, ex, method), ex);
				}
				wait = waitBefore(attempt, ex.getResponseHeaders());
			}
			catch (ResourceAccessException ex) {
				// Google may have counted a call whose answer was lost
				spend.answered();
				if (attempt >= properties.maxAttempts()) {
					throw new GoogleException("google_timeout", ex);
				}
				wait = backoff(attempt);
			}
			catch (RuntimeException ex) {
				spend.answered();
				throw ex;
			}
			sleep(wait);
		}
	}

	private PeopleQuota.Spend take(String username, PeopleQuota.Cost cost) {
		try {
			return quota.take(username, cost);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new GoogleException("google_interrupted", ex);
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

	private static String errorCode(int status, RestClientResponseException ex, HttpMethod method) {
		PeopleModel.ErrorBody body = null;
		try {
			body = ex.getResponseBodyAs(PeopleModel.ErrorBody.class);
		}
		catch (RuntimeException ignored) {
			// not Google's JSON error shape
		}
		// a mutation's failed precondition is a stale etag (updateContact,
		// batchUpdateContacts); a read's is an expired sync token
		if (method != HttpMethod.GET && (status == 412 || (status == 400 && body != null
				&& ("FAILED_PRECONDITION".equals(body.status()) || body.hasReason("failedPrecondition"))))) {
			return STALE_ETAG;
		}
		if (status == 403 && body != null && body.hasReason("ACCESS_TOKEN_SCOPE_INSUFFICIENT")) {
			return SCOPE_INSUFFICIENT;
		}
		if (status == 400 && body != null
				&& (body.hasReason("EXPIRED_SYNC_TOKEN") || "FAILED_PRECONDITION".equals(body.status()))) {
			return GoogleException.SYNC_TOKEN_EXPIRED;
		}
		return switch (status) {
			case 401 -> "google_unauthorized";
			case 403 -> "google_forbidden";
			case 404 -> NOT_FOUND;
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
