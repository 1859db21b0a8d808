package com.whiskeysocket.crm.google;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

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

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record FieldMetadata(Boolean primary) {

		static boolean isPrimary(FieldMetadata metadata) {
			return metadata != null && Boolean.TRUE.equals(metadata.primary());
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Name(FieldMetadata metadata, String displayName, String givenName, String familyName) {
	}

	/**
	 * {@code type} is Google's ({@code mobile}, {@code work}…) or the user's own text.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record PhoneNumber(FieldMetadata metadata, String value, String canonicalForm, String type, String formattedType) {

		PhoneNumber(FieldMetadata metadata, String value, String canonicalForm, String type) {
			this(metadata, value, canonicalForm, type, null);
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record EmailAddress(FieldMetadata metadata, String value, String type, String formattedType) {

		EmailAddress(FieldMetadata metadata, String value) {
			this(metadata, value, null, null);
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Organization(FieldMetadata metadata, String name) {
	}

	/** The person fields the write-back reads and writes back. */
	static final String WRITE_FIELDS = "names,phoneNumbers,emailAddresses,organizations,biographies,clientData,"
			+ "memberships,metadata";

	/** What {@code updateContact} replaces ({@code updatePersonFields}). */
	static final String UPDATE_FIELDS = "names,phoneNumbers,emailAddresses,organizations,biographies";

	/**
	 * A person as the write-back sends and reads it: the CRM's fields, the notes
	 * ({@code biographies}), the CRM's tag ({@code clientData}) and the groups.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Contact(String resourceName, String etag, List<Name> names, List<PhoneNumber> phoneNumbers,
			List<EmailAddress> emailAddresses, List<Organization> organizations, List<Biography> biographies,
			List<ClientData> clientData, List<Membership> memberships) {

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Biography(String value, String contentType) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ClientData(String key, String value) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Membership(ContactGroupMembership contactGroupMembership) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ContactGroupMembership(String contactGroupResourceName) {
	}

	record ContactToCreate(Contact contactPerson) {
	}

	record BatchCreateRequest(List<ContactToCreate> contacts, String readMask) {
	}

	record PersonResponse(Contact person, Integer httpStatusCode) {
	}

	record BatchCreateResponse(List<PersonResponse> createdPeople) {
	}

	record SearchResult(Contact person) {
	}

	record SearchResponse(List<SearchResult> results) {
	}

	record BatchGetResponse(List<PersonResponse> responses) {
	}

	/**
	 * {@code people:batchUpdateContacts}: the people by resource name, each with its
	 * etag.
	 */
	record BatchUpdateRequest(Map<String, Contact> contacts, String updateMask, String readMask) {
	}

	record BatchUpdateResponse(Map<String, PersonResponse> updateResult) {
	}

	/** A page of the account's contacts with the write-back's fields. */
	record ContactsPage(List<Contact> connections, String nextPageToken) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ContactGroup(String resourceName, String name, String groupType, List<String> memberResourceNames) {
	}

	record ContactGroupsPage(List<ContactGroup> contactGroups, String nextPageToken) {
	}

	record CreateGroupRequest(ContactGroup contactGroup) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ModifyMembersRequest(List<String> resourceNamesToAdd, List<String> resourceNamesToRemove) {
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
