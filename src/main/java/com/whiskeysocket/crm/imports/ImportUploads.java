package com.whiskeysocket.crm.imports;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.whiskeysocket.crm.contacts.FileContact;
import com.whiskeysocket.crm.contacts.LabeledValue;
import com.whiskeysocket.crm.contacts.LeadStatus;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Uploads and their preview rows in the database ({@code import_uploads},
 * {@code import_rows}): whichever node serves the preview's pages or the confirm reads
 * the same rows. Nothing of an upload stays in one JVM or on one node's disk.
 */
@Repository
class ImportUploads {

	/** {@code import_uploads.columns_used} is a VARCHAR(1000). */
	private static final int COLUMNS_USED_LENGTH = 1000;

	private static final String UPLOAD_COLUMNS = "id, staff_user_id, file_name, format, state, columns_used, total, "
			+ "new_contacts, merges, unchanged, duplicates, no_phone, invalid_phone, run_id, created_at";

	private static final String ROW_COLUMNS = "row_no, outcome, name, phone, raw_phone, email, company, lead_status, "
			+ "notes, contact_id, contact_name, duplicate_of, numbers, emails";

	/**
	 * A row keeps at most this many numbers and emails (each), every one cut at 320
	 * characters.
	 */
	static final int MAX_VALUES = 100;

	private static final int MAX_VALUE_LENGTH = 320;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcTemplate jdbc;

	ImportUploads(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	long create(long staffId, String fileName, ContactFileReader.Format format) {
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		jdbc.update((connection) -> {
			PreparedStatement insert = connection
				.prepareStatement("INSERT INTO import_uploads (staff_user_id, file_name, format, state, created_at) "
						+ "VALUES (?, ?, ?, 'previewed', ?)", new String[] { "id" });
			insert.setLong(1, staffId);
			insert.setString(2, fileName);
			insert.setString(3, format.code());
			insert.setObject(4, LocalDateTime.now(ZoneOffset.UTC));
			return insert;
		}, key);
		return key.getKey().longValue();
	}

	void addRows(long uploadId, List<PreviewRow> rows) {
		jdbc.batchUpdate("INSERT INTO import_rows (upload_id, " + ROW_COLUMNS
				+ ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows, rows.size(), (ps, row) -> {
					ps.setLong(1, uploadId);
					ps.setInt(2, row.rowNo());
					ps.setString(3, row.outcome().code());
					ps.setString(4, row.name());
					ps.setString(5, row.phone());
					ps.setString(6, row.rawPhone());
					ps.setString(7, row.email());
					ps.setString(8, row.company());
					ps.setString(9, (row.status() != null) ? row.status().code() : null);
					ps.setString(10, row.notes());
					ps.setObject(11, row.contactId());
					ps.setString(12, row.contactName());
					ps.setObject(13, row.duplicateOf());
					ps.setString(14, numbersJson(row.numbers()));
					ps.setString(15, emailsJson(row.emails()));
				});
	}

	void finishPreview(long uploadId, PreviewCounts counts, String columns) {
		jdbc.update(
				"UPDATE import_uploads SET total = ?, new_contacts = ?, merges = ?, unchanged = ?, duplicates = ?, "
						+ "no_phone = ?, invalid_phone = ?, columns_used = ? WHERE id = ?",
				counts.total(), counts.added(), counts.merges(), counts.unchanged(), counts.duplicates(),
				counts.noPhone(), counts.invalid(), shorten(columns, COLUMNS_USED_LENGTH), uploadId);
	}

	/**
	 * The text cut to at most {@code length} characters, its end an ellipsis: a file's
	 * header (150 phone columns, a 1,000-character name) may describe more than the
	 * column holds.
	 */
	static String shorten(String text, int length) {
		if (text == null || text.codePointCount(0, text.length()) <= length) {
			return text;
		}
		return text.substring(0, text.offsetByCodePoints(0, length - 1)) + "…";
	}

	void setFormat(long uploadId, ContactFileReader.Format format) {
		jdbc.update("UPDATE import_uploads SET format = ? WHERE id = ?", format.code(), uploadId);
	}

	Optional<Upload> find(long uploadId, long staffId) {
		return jdbc
			.query("SELECT " + UPLOAD_COLUMNS + " FROM import_uploads WHERE id = ? AND staff_user_id = ?",
					ImportUploads::upload, uploadId, staffId)
			.stream()
			.findFirst();
	}

	/**
	 * A page of an upload's rows.
	 * @param outcomes only rows with these outcomes, or every row if empty
	 */
	List<PreviewRow> rows(long uploadId, List<RowOutcome> outcomes, int offset, int limit) {
		List<Object> args = new ArrayList<>(List.of(uploadId));
		String filter = "";
		if (!outcomes.isEmpty()) {
			filter = " AND outcome IN (" + String.join(", ", outcomes.stream().map((o) -> "?").toList()) + ")";
			outcomes.forEach((o) -> args.add(o.code()));
		}
		args.add(limit);
		args.add(offset);
		return jdbc.query("SELECT " + ROW_COLUMNS + " FROM import_rows WHERE upload_id = ?" + filter
				+ " ORDER BY row_no LIMIT ? OFFSET ?", ImportUploads::row, args.toArray());
	}

	/**
	 * Rows that may add or change a contact, after {@code afterRow}, in file order, each
	 * with every number (a valid one as {@code +digits}) and email the file gave it.
	 */
	List<FileContact> importable(long uploadId, int afterRow, int limit) {
		return jdbc.query("SELECT row_no, name, phone, email, company, lead_status, notes, numbers, emails "
				+ "FROM import_rows WHERE upload_id = ? AND outcome IN ('new', 'merge', 'unchanged') AND row_no > ? "
				+ "ORDER BY row_no LIMIT ?", (rs, i) -> {
					List<RowNumber> numbers = numbers(rs.getString("numbers"));
					List<LabeledValue> phones = numbers.isEmpty()
							? List.of(LabeledValue.of("+" + rs.getString("phone")))
							: numbers.stream().map((n) -> new LabeledValue(n.forMerge(), n.label())).toList();
					List<LabeledValue> emails = emails(rs.getString("emails"));
					if (emails.isEmpty()) {
						emails = LabeledValue.all(java.util.Collections.singletonList(rs.getString("email")));
					}
					return new FileContact(rs.getInt("row_no"), rs.getString("name"), emails, rs.getString("company"),
							phones, status(rs.getString("lead_status")), rs.getString("notes"));
				}, uploadId, afterRow, limit);
	}

	static String numbersJson(List<RowNumber> numbers) {
		if (numbers.isEmpty()) {
			return null;
		}
		ArrayNode array = JSON.createArrayNode();
		for (RowNumber number : numbers.subList(0, Math.min(numbers.size(), MAX_VALUES))) {
			ObjectNode node = array.addObject();
			node.put("v", clip(number.value()));
			putIfPresent(node, "l", clip(number.label()));
			putIfPresent(node, "d", number.digits());
			if (number.contactId() != null) {
				node.put("c", number.contactId());
				putIfPresent(node, "cn", clip(number.contactName()));
			}
		}
		return JSON.writeValueAsString(array);
	}

	static String emailsJson(List<LabeledValue> emails) {
		if (emails.isEmpty()) {
			return null;
		}
		ArrayNode array = JSON.createArrayNode();
		for (LabeledValue email : emails.subList(0, Math.min(emails.size(), MAX_VALUES))) {
			ObjectNode node = array.addObject();
			node.put("v", clip(email.value()));
			putIfPresent(node, "l", clip(email.label()));
		}
		return JSON.writeValueAsString(array);
	}

	static List<RowNumber> numbers(String json) {
		if (json == null || json.isBlank()) {
			return List.of();
		}
		List<RowNumber> numbers = new ArrayList<>();
		for (JsonNode node : JSON.readTree(json)) {
			JsonNode contact = node.get("c");
			numbers.add(new RowNumber(text(node, "v"), text(node, "l"), text(node, "d"),
					(contact != null && !contact.isNull()) ? contact.asLong() : null, text(node, "cn")));
		}
		return numbers;
	}

	static List<LabeledValue> emails(String json) {
		if (json == null || json.isBlank()) {
			return List.of();
		}
		List<LabeledValue> emails = new ArrayList<>();
		for (JsonNode node : JSON.readTree(json)) {
			emails.add(new LabeledValue(text(node, "v"), text(node, "l")));
		}
		return emails;
	}

	private static void putIfPresent(ObjectNode node, String field, String value) {
		if (value != null) {
			node.put(field, value);
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && !value.isNull()) ? value.asString() : null;
	}

	private static String clip(String value) {
		return (value == null || value.length() <= MAX_VALUE_LENGTH) ? value : value.substring(0, MAX_VALUE_LENGTH);
	}

	/** Staff confirmed the preview; the import run takes it from here. */
	boolean confirm(long uploadId, long staffId) {
		return jdbc.update("UPDATE import_uploads SET state = 'confirmed' WHERE id = ? AND staff_user_id = ? "
				+ "AND state = 'previewed'", uploadId, staffId) == 1;
	}

	/**
	 * An import whose run failed or was interrupted is confirmed again; its next run
	 * merges every row again (rows already merged then count as unchanged).
	 */
	boolean reconfirm(long uploadId, long staffId) {
		return jdbc.update("UPDATE import_uploads SET state = 'confirmed', run_id = NULL WHERE id = ? "
				+ "AND staff_user_id = ? AND state = 'importing'", uploadId, staffId) == 1;
	}

	/** The run could not start: the upload waits to be confirmed again. */
	void unconfirm(long uploadId, String previousState) {
		jdbc.update("UPDATE import_uploads SET state = ? WHERE id = ? AND state = 'confirmed'", previousState,
				uploadId);
	}

	/** The staff member's confirmed upload, now this run's; empty if there is none. */
	Optional<Upload> claimConfirmed(long staffId, long runId) {
		List<Long> ids = jdbc.queryForList("SELECT id FROM import_uploads WHERE staff_user_id = ? "
				+ "AND state = 'confirmed' ORDER BY id LIMIT 1", Long.class, staffId);
		if (ids.isEmpty() || jdbc.update(
				"UPDATE import_uploads SET state = 'importing', run_id = ? WHERE id = ? " + "AND state = 'confirmed'",
				runId, ids.get(0)) == 0) {
			return Optional.empty();
		}
		return find(ids.get(0), staffId);
	}

	/** The import is done: the rows go, the upload stays for its result page. */
	void imported(long uploadId) {
		jdbc.update("UPDATE import_uploads SET state = 'imported' WHERE id = ?", uploadId);
		jdbc.update("DELETE FROM import_rows WHERE upload_id = ?", uploadId);
	}

	boolean delete(long uploadId, long staffId) {
		return jdbc.update("DELETE FROM import_uploads WHERE id = ? AND staff_user_id = ? AND state = 'previewed'",
				uploadId, staffId) == 1;
	}

	void deleteQuietly(long uploadId) {
		jdbc.update("DELETE FROM import_uploads WHERE id = ?", uploadId);
	}

	/**
	 * Uploads older than {@code before} that were never imported to the end (never
	 * confirmed, or whose run failed and was not tried again), and results older than
	 * {@code resultsBefore}.
	 */
	int deleteStale(Instant before, Instant resultsBefore) {
		return jdbc.update(
				"DELETE FROM import_uploads WHERE (state <> 'imported' AND created_at < ?) "
						+ "OR (state = 'imported' AND created_at < ?)",
				LocalDateTime.ofInstant(before, ZoneOffset.UTC),
				LocalDateTime.ofInstant(resultsBefore, ZoneOffset.UTC));
	}

	private static Upload upload(ResultSet rs, int rowNum) throws SQLException {
		long runId = rs.getLong("run_id");
		Timestamp created = rs.getTimestamp("created_at");
		return new Upload(rs.getLong("id"), rs.getLong("staff_user_id"), rs.getString("file_name"),
				rs.getString("format"), rs.getString("state"), rs.getString("columns_used"),
				new PreviewCounts(rs.getInt("total"), rs.getInt("new_contacts"), rs.getInt("merges"),
						rs.getInt("unchanged"), rs.getInt("duplicates"), rs.getInt("no_phone"),
						rs.getInt("invalid_phone")),
				rs.wasNull() ? null : runId, created.toLocalDateTime().toInstant(ZoneOffset.UTC));
	}

	private static PreviewRow row(ResultSet rs, int rowNum) throws SQLException {
		long contactId = rs.getLong("contact_id");
		Long contact = rs.wasNull() ? null : contactId;
		int duplicateOf = rs.getInt("duplicate_of");
		Integer duplicate = rs.wasNull() ? null : duplicateOf;
		return new PreviewRow(rs.getInt("row_no"), RowOutcome.fromCode(rs.getString("outcome")), rs.getString("name"),
				rs.getString("phone"), rs.getString("raw_phone"), rs.getString("email"), rs.getString("company"),
				status(rs.getString("lead_status")), rs.getString("notes"), contact, rs.getString("contact_name"),
				duplicate, numbers(rs.getString("numbers")), emails(rs.getString("emails")));
	}

	private static LeadStatus status(String code) {
		return (code != null) ? LeadStatus.valueOf(code.toUpperCase(java.util.Locale.ROOT)) : null;
	}

	/**
	 * An upload.
	 *
	 * @param id its id
	 * @param staffId who uploaded it
	 * @param fileName the file's name as uploaded
	 * @param format {@code csv} or {@code vcard}
	 * @param state {@code previewed}, {@code confirmed}, {@code importing} or
	 * {@code imported}
	 * @param columns for CSV, which column fed which field
	 * @param counts what the preview found
	 * @param runId the import run, once there is one
	 * @param createdAt when it was uploaded
	 */
	record Upload(long id, long staffId, String fileName, String format, String state, String columns,
			PreviewCounts counts, Long runId, Instant createdAt) {

		boolean previewed() {
			return "previewed".equals(state);
		}

	}

}
