package com.whiskeysocket.crm.contacts;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.io.text.VCardWriter;
import ezvcard.parameter.TelephoneType;
import ezvcard.property.Organization;
import ezvcard.property.Telephone;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import com.whiskeysocket.crm.audit.AuditLog;

import org.springframework.stereotype.Service;

/**
 * Writes the selected contacts to a CSV or vCard file as they are read, a page of 1,000
 * at a time, so 100,000 contacts take no more memory than one page. Numbers are written
 * in E.164 with {@code +}.
 * <p>
 * CSV: UTF-8 with a byte order mark (so Excel reads the accents and Indonesian names
 * right), comma-separated, CRLF, a header row whose names the import recognizes; a text
 * starting with {@code = + - @} gets a leading {@code '} so that a spreadsheet never runs
 * it as a formula (the phone column excepted: it is always {@code +} and digits). vCard:
 * version 3.0, which phones' address books import most widely.
 */
@Service
class ContactExport {

	static final int PAGE = 1_000;

	static final String[] HEADER = { "name", "phone", "email", "company", "status", "owner", "source", "notes",
			"updated" };

	private static final String COLUMNS = "id, name, phone, email, company, source, lead_status, owner_id, notes, "
			+ "updated_at";

	private static final DateTimeFormatter UPDATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

	private final ContactQueries queries;

	private final ContactService contacts;

	private final AuditLog audit;

	private final ExportZone zone;

	ContactExport(ContactQueries queries, ContactService contacts, AuditLog audit, ExportZone zone) {
		this.queries = queries;
		this.contacts = contacts;
		this.audit = audit;
		this.zone = zone;
	}

	/** {@code contacts-2026-11-26.csv}: the date in the CRM's time zone. */
	String fileName(Format format) {
		return "contacts-" + LocalDate.now(zone.timeZone()) + "." + format.extension();
	}

	/**
	 * Writes the selected contacts and records the export in the audit trail.
	 * @param selection the ticked contacts, or all matching the list's filters
	 * @param format CSV or vCard
	 * @param out the response body; not closed
	 * @return how many contacts were written
	 */
	long export(ContactQueries.Selection selection, Format format, OutputStream out) {
		Map<Long, String> owners = contacts.staffNames();
		long count;
		try {
			Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
			count = switch (format) {
				case CSV -> csv(selection, owners, writer);
				case VCARD -> vcard(selection, writer);
			};
			writer.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		audit.record("contacts.exported", format.extension(), count + " contacts");
		return count;
	}

	private long csv(ContactQueries.Selection selection, Map<Long, String> owners, Writer writer) throws IOException {
		writer.write('\uFEFF');
		CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(HEADER).get());
		return queries.forEachSelected(selection, COLUMNS, this::row, Row::id, PAGE, (page) -> {
			try {
				for (Row row : page) {
					csv.printRecord(text(row.name()), "+" + row.phone(), text(row.email()), text(row.company()),
							row.status().code(), text((row.ownerId() != null) ? owners.get(row.ownerId()) : null),
							row.source().code(), text(row.notes()),
							(row.updatedAt() != null) ? UPDATED.format(row.updatedAt()) : null);
				}
				csv.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	private long vcard(ContactQueries.Selection selection, Writer writer) {
		VCardWriter vcards = new VCardWriter(writer, VCardVersion.V3_0);
		vcards.setAddProdId(false);
		return queries.forEachSelected(selection, COLUMNS, this::row, Row::id, PAGE, (page) -> {
			try {
				for (Row row : page) {
					VCard card = new VCard();
					card.setFormattedName(row.name());
					card.setStructuredName(new ezvcard.property.StructuredName());
					card.getStructuredName().setGiven(row.name());
					card.addTelephoneNumber("+" + row.phone(), TelephoneType.CELL);
					if (row.email() != null) {
						card.addEmail(row.email());
					}
					if (row.company() != null) {
						Organization organization = new Organization();
						organization.getValues().add(row.company());
						card.setOrganization(organization);
					}
					if (row.notes() != null) {
						card.addNote(row.notes());
					}
					vcards.write(card);
				}
				vcards.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/** A text a spreadsheet would take for a formula gets a leading apostrophe. */
	static String text(String value) {
		if (value == null || value.isEmpty()) {
			return value;
		}
		char first = value.charAt(0);
		return (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r')
				? "'" + value : value;
	}

	private Row row(ResultSet rs, int rowNum) throws SQLException {
		long owner = rs.getLong("owner_id");
		Long ownerId = rs.wasNull() ? null : owner;
		Timestamp updated = rs.getTimestamp("updated_at");
		return new Row(rs.getLong("id"), rs.getString("name"), rs.getString("phone"), rs.getString("email"),
				rs.getString("company"), Source.fromCode(rs.getString("source")),
				LeadStatus.fromCode(rs.getString("lead_status")), ownerId, rs.getString("notes"), (updated != null)
						? updated.toLocalDateTime().atZone(ZoneOffset.UTC).withZoneSameInstant(zone.timeZone()) : null);
	}

	/** The file formats. */
	enum Format {

		CSV("csv", "text/csv;charset=UTF-8"), VCARD("vcf", "text/vcard;charset=UTF-8");

		private final String extension;

		private final String contentType;

		Format(String extension, String contentType) {
			this.extension = extension;
			this.contentType = contentType;
		}

		String extension() {
			return extension;
		}

		String contentType() {
			return contentType;
		}

		static java.util.Optional<Format> parse(String code) {
			if ("csv".equals(code)) {
				return java.util.Optional.of(CSV);
			}
			if ("vcf".equals(code) || "vcard".equals(code)) {
				return java.util.Optional.of(VCARD);
			}
			return java.util.Optional.empty();
		}

	}

	private record Row(long id, String name, String phone, String email, String company, Source source,
			LeadStatus status, Long ownerId, String notes, java.time.ZonedDateTime updatedAt) {
	}

}
