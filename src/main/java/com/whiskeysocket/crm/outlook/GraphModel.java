package com.whiskeysocket.crm.outlook;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Graph's JSON, as records: only the fields the sync uses. */
final class GraphModel {

	/** The contact fields the sync reads, for {@code $select}. */
	static final String CONTACT_FIELDS = "id,displayName,givenName,surname,companyName,emailAddresses,"
			+ "mobilePhone,businessPhones,homePhones,changeKey,parentFolderId";

	private GraphModel() {
	}

	record ContactPage(List<Contact> value, @JsonProperty("@odata.nextLink") String nextLink,
			@JsonProperty("@odata.deltaLink") String deltaLink) {

		List<Contact> contacts() {
			return (value != null) ? value : List.of();
		}

	}

	record Contact(String id, String displayName, String givenName, String surname, String companyName,
			List<EmailAddress> emailAddresses, String mobilePhone, List<String> businessPhones, List<String> homePhones,
			String changeKey, String parentFolderId, @JsonProperty("@removed") Map<String, Object> removed) {

		boolean isRemoved() {
			return removed != null;
		}

	}

	record EmailAddress(String name, String address) {
	}

	/**
	 * A contact as the write-back reads it: the fields it writes, the CRM's tag among its
	 * single-value extended properties, and the folder it is in.
	 */
	record BookContact(String id, String changeKey, String parentFolderId, String givenName, String surname,
			String companyName, String mobilePhone, List<String> businessPhones, List<String> homePhones,
			List<EmailAddress> emailAddresses, String personalNotes,
			List<ExtendedProperty> singleValueExtendedProperties) {

	}

	record BookContactPage(List<BookContact> value, @JsonProperty("@odata.nextLink") String nextLink) {

		List<BookContact> contacts() {
			return (value != null) ? value : List.of();
		}

	}

	/**
	 * One request of a JSON batch ({@code POST /$batch}, at most 20): its URL relative to
	 * the version ({@code /me/contacts/…}), its headers and body, and in a sequential
	 * batch the request it runs after ({@code dependsOn}).
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record BatchPart(String id, String method, String url, Map<String, String> headers, Object body,
			List<String> dependsOn) {

		BatchPart(String id, String method, String url, Map<String, String> headers, Object body) {
			this(id, method, url, headers, body, null);
		}

	}

	record BatchRequest(List<BatchPart> requests) {
	}

	/**
	 * One answer of a JSON batch, in any order, found by its id: each has its own status
	 * (a 429 with its own {@code Retry-After} among the headers) and body.
	 */
	record BatchAnswer(String id, int status, Map<String, String> headers, tools.jackson.databind.JsonNode body) {

		boolean ok() {
			return status >= 200 && status < 300;
		}

		String header(String name) {
			if (headers == null) {
				return null;
			}
			return headers.entrySet()
				.stream()
				.filter((header) -> header.getKey().equalsIgnoreCase(name))
				.map(Map.Entry::getValue)
				.findFirst()
				.orElse(null);
		}

	}

	record BatchAnswers(List<BatchAnswer> responses) {
	}

	/** A single-value extended property: {@code String {guid} Name ...} and its value. */
	record ExtendedProperty(String id, String value) {
	}

	/**
	 * The values the write-back sends: on a create all of them, on a PATCH only those
	 * that change ({@code null} ones are left out, so nothing else is touched).
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ContactValues(String givenName, String surname, String companyName, String mobilePhone,
			List<String> businessPhones, List<String> homePhones, List<EmailAddress> emailAddresses,
			String personalNotes, List<ExtendedProperty> singleValueExtendedProperties) {

		boolean isEmpty() {
			return givenName == null && surname == null && companyName == null && mobilePhone == null
					&& businessPhones == null && homePhones == null && emailAddresses == null && personalNotes == null
					&& singleValueExtendedProperties == null;
		}

	}

	/** A contact folder to create. */
	record NewFolder(String displayName) {
	}

	record FolderPage(List<Folder> value, @JsonProperty("@odata.nextLink") String nextLink) {

		List<Folder> folders() {
			return (value != null) ? value : List.of();
		}

	}

	record Folder(String id, String displayName, String parentFolderId) {
	}

	record ErrorBody(Error error) {

		String code() {
			return (error != null && error.code() != null) ? error.code() : "";
		}

	}

	record Error(String code, String message) {
	}

	record Me(String userPrincipalName, String mail) {

		String name() {
			return (mail != null && !mail.isBlank()) ? mail : userPrincipalName;
		}

	}

	/** A change notification subscription, as Graph answers its creation or renewal. */
	record Subscription(String id, String expirationDateTime) {
	}

	/**
	 * What Graph posts to the notification URLs: a batch of change or lifecycle
	 * notifications. Only the subscription, the clientState and the lifecycle event are
	 * read; what changed is read by the delta sync, never taken from here.
	 */
	record NotificationBatch(List<Notification> value) {

		List<Notification> notifications() {
			return (value != null) ? value : List.of();
		}

	}

	record Notification(String subscriptionId, String clientState, String lifecycleEvent) {
	}

}
