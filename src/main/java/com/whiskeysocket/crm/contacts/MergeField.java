package com.whiskeysocket.crm.contacts;

import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A field of which one contact's value survives a merge. By default it is the value typed
 * by hand, else the newest; a contact without a value is never the default.
 */
enum MergeField {

	NAME("name"), PHONE("phone"), EMAIL("email"), COMPANY("company"), BACKGROUND("notes"), STATUS("lead_status"),
	OWNER("owner_id");

	private final String column;

	MergeField(String column) {
		this.column = column;
	}

	String column() {
		return column;
	}

	/** The name in forms and JSON: {@code name}, {@code status}, {@code owner}… */
	String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Optional<MergeField> parse(String code) {
		return Arrays.stream(values()).filter((field) -> field.code().equals(code)).findFirst();
	}

	/**
	 * Whose value of each field survives when nobody chooses.
	 * @param contacts the contacts' rows (as {@link MergeRows} reads them)
	 * @param keep the survivor, whose value is kept when no contact has one
	 * @return the chosen contact's id for every field
	 */
	static Map<MergeField, Long> defaults(List<Map<String, String>> contacts, long keep) {
		Map<MergeField, Long> choices = new EnumMap<>(MergeField.class);
		for (MergeField field : values()) {
			choices.put(field,
					contacts.stream()
						.filter((row) -> row.get(field.column) != null && !row.get(field.column).isBlank())
						.max(Comparator.comparing((Map<String, String> row) -> field.typedByHand(row))
							.thenComparing((row) -> updatedAt(row))
							.thenComparing((row) -> Long.valueOf(row.get("id"))))
						.map((row) -> Long.valueOf(row.get("id")))
						.orElse(keep));
		}
		return choices;
	}

	private boolean typedByHand(Map<String, String> row) {
		return "manual".equals(row.get("source")) || (this == NAME && "1".equals(row.get("name_edited")));
	}

	private static LocalDateTime updatedAt(Map<String, String> row) {
		String value = row.get("updated_at");
		return (value != null) ? LocalDateTime.parse(value.replace(' ', 'T')) : LocalDateTime.MIN;
	}

}
