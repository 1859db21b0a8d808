package com.whiskeysocket.crm.contacts;

import java.util.HashSet;
import java.util.Set;

/**
 * An {@code If-Match} header of the contacts API: the versions a change is meant for. A
 * contact's entity tag is its version in quotes ({@code "3"}); weak tags ({@code W/"3"})
 * never match, as RFC 9110 asks of {@code If-Match}.
 *
 * @param any no header, or {@code *}: whatever the version
 * @param versions the versions that match, when not {@code any}
 */
record IfMatch(boolean any, Set<Long> versions) {

	static final IfMatch ANY = new IfMatch(true, Set.of());

	/**
	 * Reads the header.
	 * @param header as sent, may be {@code null}
	 * @return what it matches; a header that names no version matches none
	 */
	static IfMatch parse(String header) {
		if (header == null || header.isBlank() || header.strip().equals("*")) {
			return ANY;
		}
		Set<Long> versions = new HashSet<>();
		for (String tag : header.split(",")) {
			String t = tag.strip();
			if (t.length() > 2 && t.startsWith("\"") && t.endsWith("\"")) {
				t = t.substring(1, t.length() - 1);
			}
			try {
				versions.add(Long.parseLong(t));
			}
			catch (NumberFormatException ex) {
				// a weak or foreign tag: it matches no version
			}
		}
		return new IfMatch(false, Set.copyOf(versions));
	}

	boolean matches(long version) {
		return any || versions.contains(version);
	}

	/** The entity tag of a version, as {@code ETag} sends it. */
	static String tagOf(long version) {
		return "\"" + version + "\"";
	}

}
