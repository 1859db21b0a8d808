package com.whiskeysocket.crm.contacts;

import java.util.Arrays;
import java.util.Locale;

/**
 * The list's search box, source filter, page and order, read leniently: whatever arrives
 * in the query string, the page renders.
 *
 * @param query the search text, never {@code null}
 * @param source a source filter or {@code null}
 * @param page zero-based page
 * @param order the order of the table
 */
record ContactSearch(String query, Source source, int page, Order order) {

	static final int PAGE_SIZE = 50;

	private static final int MAX_QUERY_LENGTH = 100;

	static ContactSearch from(String query, String source, String page, String order) {
		String q = (query != null) ? query.strip() : "";
		if (q.length() > MAX_QUERY_LENGTH) {
			q = q.substring(0, MAX_QUERY_LENGTH);
		}
		return new ContactSearch(q, parseSource(source), parsePage(page), Order.from(order));
	}

	private static Source parseSource(String source) {
		return Arrays.stream(Source.values()).filter((s) -> s.code().equals(source)).findFirst().orElse(null);
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
