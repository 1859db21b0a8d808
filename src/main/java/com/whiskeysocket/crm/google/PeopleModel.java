package com.whiskeysocket.crm.google;

import java.util.List;

/** The People API's JSON, as records: only the fields the sync uses. */
final class PeopleModel {

	/** The person fields the sync reads, for {@code personFields}. */
	static final String PERSON_FIELDS = "names,phoneNumbers,emailAddresses,organizations,metadata";

	private PeopleModel() {
	}

	record ConnectionsPage(List<Person> connections, String nextPageToken, String nextSyncToken) {

		List<Person> people() {
			return (connections != null) ? connections : List.of();
		}

	}

	record Person(String resourceName, String etag, PersonMetadata metadata, List<Name> names,
			List<PhoneNumber> phoneNumbers, List<EmailAddress> emailAddresses, List<Organization> organizations) {

		boolean isDeleted() {
			return metadata != null && Boolean.TRUE.equals(metadata.deleted());
		}

	}

	record PersonMetadata(Boolean deleted) {
	}

	record FieldMetadata(Boolean primary) {

		static boolean isPrimary(FieldMetadata metadata) {
			return metadata != null && Boolean.TRUE.equals(metadata.primary());
		}

	}

	record Name(FieldMetadata metadata, String displayName, String givenName, String familyName) {
	}

	/**
	 * {@code type} is Google's ({@code mobile}, {@code work}…) or the user's own text.
	 */
	record PhoneNumber(FieldMetadata metadata, String value, String canonicalForm, String type, String formattedType) {

		PhoneNumber(FieldMetadata metadata, String value, String canonicalForm, String type) {
			this(metadata, value, canonicalForm, type, null);
		}

	}

	record EmailAddress(FieldMetadata metadata, String value, String type, String formattedType) {

		EmailAddress(FieldMetadata metadata, String value) {
			this(metadata, value, null, null);
		}

	}

	record Organization(FieldMetadata metadata, String name) {
	}

	record ErrorBody(Error error) {

		String status() {
			return (error != null && error.status() != null) ? error.status() : "";
		}

		boolean hasReason(String reason) {
			return error != null && error.details() != null
					&& error.details().stream().anyMatch((detail) -> reason.equals(detail.reason()));
		}

	}

	record Error(int code, String message, String status, List<ErrorDetail> details) {
	}

	record ErrorDetail(String reason) {
	}

}
