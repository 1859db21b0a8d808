package com.whiskeysocket.crm.contacts;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The query string of {@code GET /api/contacts}, unparsed. Unlike the list page, which
 * shows something whatever it is sent, the API names every parameter it cannot use.
 *
 * @param q a name, or a number as dialled or with the country code
 * @param source {@code manual}, {@code outlook}, {@code google}, {@code whatsapp}, or
 * {@code import} for contacts with a number or email a file import brought
 * @param status a lead status
 * @param owner {@code me}, {@code none} or a username
 * @param page zero-based, {@code 0} when left out
 * @param size contacts per page, 1 to 200, {@code 50} when left out
 * @param sort {@code updated} (newest change first, the default), {@code name} or
 * {@code -name}
 */
record ContactListRequest(@Schema(example = "0812") String q, @Schema(allowableValues = {
		"manual", "outlook", "google", "whatsapp", "import" }) String source,
		@Schema(allowableValues = { "new", "contacted", "qualified", "won", "lost" }) String status,
		@Schema(example = "me") String owner, @Schema(example = "0") String page, @Schema(example = "50") String size,
		@Schema(allowableValues = { "updated", "name", "-name" }) String sort){

	static final int DEFAULT_SIZE = 50;

	static final int MAX_SIZE = 200;

	private static final int MAX_QUERY_LENGTH = 100;

	private static final int MAX_PAGE = 1_000_000;

	/**
	 * The search these parameters ask for.
	 * @param callerId who asks, for {@code owner=me}
	 * @param staffIdOf a staff member's id by username
	 * @return the search
	 * @throws InvalidContactException naming every parameter that is not valid
	 */
	ContactSearch toSearch(long callerId, Function<String, Optional<Long>> staffIdOf) {
		InvalidContactException.Errors errors = new InvalidContactException.Errors();
		String query = (q != null) ? q.strip() : "";
		if (query.length() > MAX_QUERY_LENGTH) {
			errors.reject("q", "Size", "q", MAX_QUERY_LENGTH);
		}
		SourceFilter sourceFilter = null;
		if (given(source)) {
			sourceFilter = SourceFilter.parse(source.strip().toLowerCase(Locale.ROOT))
				.filter((s) -> s != SourceFilter.BOTH)
				.orElse(null);
			if (sourceFilter == null) {
				errors.reject("source", "contact.api.source");
			}
		}
		LeadStatus statusFilter = null;
		if (given(status)) {
			statusFilter = LeadStatus.parse(status.strip().toLowerCase(Locale.ROOT)).orElse(null);
			if (statusFilter == null) {
				errors.reject("status", "contact.api.leadStatus");
			}
		}
		ContactSearch.OwnerFilter ownerFilter = new ContactSearch.OwnerFilter(ContactSearch.OwnerFilter.Kind.ANY, null);
		if (given(owner)) {
			String o = owner.strip();
			if (o.equals("me") || o.equals("none")) {
				ownerFilter = ContactSearch.OwnerFilter.from(o, callerId);
			}
			else {
				Optional<Long> staffId = staffIdOf.apply(o);
				if (staffId.isEmpty()) {
					errors.reject("owner", "contact.api.owner");
				}
				else {
					ownerFilter = new ContactSearch.OwnerFilter(ContactSearch.OwnerFilter.Kind.STAFF, staffId.get());
				}
			}
		}
		int pageNumber = number(page, 0, 0, MAX_PAGE, "page", "contact.api.page", errors);
		number(size, DEFAULT_SIZE, 1, MAX_SIZE, "size", "contact.api.size", errors);
		ContactSearch.Order order = ContactSearch.Order.UPDATED;
		if (given(sort)) {
			order = ContactSearch.Order.from(sort.strip());
			if (!order.code().equals(sort.strip().toLowerCase(Locale.ROOT))) {
				errors.reject("sort", "contact.api.sort");
			}
		}
		errors.throwIfAny();
		return new ContactSearch(query, sourceFilter, statusFilter, ownerFilter, pageNumber, order);
	}

	/** Contacts per page; call after {@link #toSearch}, which checks it. */
	int pageSize() {
		return given(size) ? Integer.parseInt(size.strip()) : DEFAULT_SIZE;
	}

	private static int number(String value, int absent, int min, int max, String field, String code,
			InvalidContactException.Errors errors) {
		if (!given(value)) {
			return absent;
		}
		try {
			int n = Integer.parseInt(value.strip());
			if (n >= min && n <= max) {
				return n;
			}
		}
		catch (NumberFormatException ex) {
			// rejected below
		}
		errors.reject(field, code, min, max);
		return absent;
	}

	private static boolean given(String value) {
		return value != null && !value.isBlank();
	}

}
