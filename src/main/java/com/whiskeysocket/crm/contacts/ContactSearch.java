package com.whiskeysocket.crm.contacts;

import java.util.Arrays;
import java.util.Locale;

/**
 * The list's search box, filters (source, lead status, owner), page and order, read
 * leniently: whatever arrives in the query string, the page renders.
 *
 * @param query the search text, never {@code null}
 * @param source a source filter or {@code null}
 * @param status a lead status filter or {@code null}
 * @param owner the owner filter
 * @param page zero-based page
 * @param order the order of the table
 */
record ContactSearch(String query, SourceFilter source, LeadStatus status, OwnerFilter owner, int page, Order order) {

	static final int PAGE_SIZE = 50;

	private static final int MAX_QUERY_LENGTH = 100;

	static ContactSearch from(Filters filters, long currentStaffId) {
		String q = (filters.q() != null) ? filters.q().strip() : "";
		if (q.length() > MAX_QUERY_LENGTH) {
			q = q.substring(0, MAX_QUERY_LENGTH);
		}
		return new ContactSearch(q, SourceFilter.parse(filters.source()).orElse(null),
				parse(LeadStatus.values(), filters.status()), OwnerFilter.from(filters.owner(), currentStaffId),
				parsePage(filters.page()), Order.from(filters.sort()));
	}

	private static <E extends Enum<E>> E parse(E[] values, String code) {
		return Arrays.stream(values)
			.filter((v) -> v.name().toLowerCase(Locale.ROOT).equals(code))
			.findFirst()
			.orElse(null);
	}

	private static int parsePage(String page) {
		try {
			return Math.max(0, Math.min(Integer.parseInt(page), 1_000_000));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	public String sourceCode() {
		return (source != null) ? source.code() : "";
	}

	public String statusCode() {
		return (status != null) ? status.code() : "";
	}

	public String ownerCode() {
		return owner.code();
	}

	/**
	 * Whether anything narrows the list, so an empty list means "no match", not "no
	 * contacts yet".
	 */
	public boolean isFiltered() {
		return !query.isEmpty() || source != null || status != null || owner.kind() != OwnerFilter.Kind.ANY;
	}

	/**
	 * The filters as they arrive in the query string or a bulk form, unparsed.
	 *
	 * @param q search text
	 * @param source source code
	 * @param status lead status code
	 * @param owner {@code me}, {@code none} or a staff id
	 * @param page zero-based page
	 * @param sort order code
	 */
	record Filters(String q, String source, String status, String owner, String page, String sort) {
	}

	/**
	 * Whose contacts: anyone's, the signed-in staff member's, nobody's, or one staff
	 * member's.
	 *
	 * @param kind which of those
	 * @param staffId the staff member for {@code ME} and {@code STAFF}
	 */
	record OwnerFilter(Kind kind, Long staffId) {

		enum Kind {

			ANY, ME, NONE, STAFF

		}

		static OwnerFilter from(String code, long currentStaffId) {
			if ("me".equals(code)) {
				return new OwnerFilter(Kind.ME, currentStaffId);
			}
			if ("none".equals(code)) {
				return new OwnerFilter(Kind.NONE, null);
			}
			try {
				return new OwnerFilter(Kind.STAFF, Long.parseLong(code));
			}
			catch (NumberFormatException ex) {
				return new OwnerFilter(Kind.ANY, null);
			}
		}

		String code() {
			return switch (kind) {
				case ANY -> "";
				case ME -> "me";
				case NONE -> "none";
				case STAFF -> String.valueOf(staffId);
			};
		}

	}

	/** How the table is ordered. */
	enum Order {

		UPDATED("updated"), NAME("name"), NAME_DESC("-name");

		private final String code;

		Order(String code) {
			this.code = code;
		}

		public String code() {
			return code;
		}

		static Order from(String code) {
			String c = (code != null) ? code.toLowerCase(Locale.ROOT) : "";
			return Arrays.stream(values()).filter((o) -> o.code.equals(c)).findFirst().orElse(UPDATED);
		}

	}

}
