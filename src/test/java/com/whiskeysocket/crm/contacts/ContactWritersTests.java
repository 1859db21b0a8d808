package com.whiskeysocket.crm.contacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Optimistic locking holds only if every writer of a contact raises its version: the JPA
 * edit does through {@code @Version}, and each JDBC {@code UPDATE contacts} anywhere in
 * the code (syncs, bulk changes, and whatever comes next: imports, WhatsApp) must say
 * {@code version = version + 1} in the same statement.
 */
class ContactWritersTests {

	private static final Pattern UPDATE = Pattern.compile("\"\\s*UPDATE\\s+contacts\\b", Pattern.CASE_INSENSITIVE);

	/**
	 * A column derived from the contact's other rows and set alone, in the transaction of
	 * the change that raised the version (no one edits it, so no edit can be lost):
	 * {@code known_from_import}, what the "imported" filter reads (V31), and with it
	 * {@code whatsapp_linked}, part of the "WhatsApp" filter (V32).
	 */
	private static final Pattern DERIVED = Pattern
		.compile("\"\\s*UPDATE\\s+contacts\\s+SET\\s+known_from_import\\s*=\\s*\"", Pattern.CASE_INSENSITIVE);

	@Test
	void everyJdbcUpdateOfTheContactsTableRaisesTheVersion() throws IOException {
		List<String> updates = new ArrayList<>();
		List<String> withoutVersion = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
				String source = Files.readString(file);
				// SQL in string literals, not comments about it
				Matcher update = UPDATE.matcher(source);
				while (update.find()) {
					int end = source.indexOf(';', update.start());
					String statement = source.substring(update.start(), (end < 0) ? source.length() : end);
					updates.add(file.getFileName() + ": " + statement);
					if (!statement.replaceAll("\\s+", " ").contains("version = version + 1")
							&& !DERIVED.matcher(statement).find()) {
						withoutVersion.add(file.getFileName() + ": " + statement);
					}
				}
			}
		}
		// the syncs' merge and unlink, and the bulk change, at least
		assertThat(updates).hasSizeGreaterThanOrEqualTo(3);
		assertThat(withoutVersion).as("UPDATE contacts statements that leave the version alone").isEmpty();
	}

}
