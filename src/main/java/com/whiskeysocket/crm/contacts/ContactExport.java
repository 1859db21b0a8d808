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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.io.text.VCardWriter;
import ezvcard.parameter.EmailType;
import ezvcard.parameter.TelephoneType;
import ezvcard.property.Email;
import ezvcard.property.Organization;
import ezvcard.property.Telephone;
import ezvcard.property.VCardProperty;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import com.whiskeysocket.crm.audit.AuditLog;

import org.springframework.stereotype.Service;

/**
 * Writes the selected contacts to a CSV or vCard file as they are read, a page of 1,000
 * at a time, so 100,000 contacts take no more memory than one page. Every number and
 * email of a contact is written with its label, the primary one first; numbers in E.164
 * with {@code +}.
 * <p>
 * CSV: UTF-8 with a byte order mark (so Excel reads the accents and Indonesian names
 * right), comma-separated, CRLF, a header row whose names the import recognizes; a text
 * starting with {@code = + - @} gets a leading {@code '} so that a spreadsheet never runs
 * it as a formula (the phone columns excepted: they are always {@code +} and digits). The
 * first columns are the primary number and email as before; then Google Contacts'
 * {@code Phone N - Label} / {@code Phone N - Value} and {@code E-mail N - …} pairs, the
 * primary's label marked {@code * } as Google marks it. vCard: version 3.0, which phones'
 * address books import most widely; every {@code TEL} and {@code EMAIL} with its
 * {@code TYPE}, the primary with {@code PREF}, a label of a source's own as iOS writes
 * one ({@code item1.X-ABLabel}).
 */
@Service
class ContactExport {

	static final int PAGE = 1_000;

	static final String[] HEADER = { "name", "phone", "email", "company", "status", "owner", "source", "notes",
			"updated" };

	private static final String COLUMNS = "id, name, phone, email, company, source, lead_status, owner_id, notes, "
			+ "updated_at";

	/** vCard types of the common labels of numbers. */
	private static final Map<String, List<String>> PHONE_TYPES = Map.of("mobile", List.of("cell"), "work",
			List.of("work"), "home", List.of("home"), "main", List.of("main"), "other", List.of("other"), "fax",
			List.of("fax"), "home fax", List.of("home", "fax"), "work fax", List.of("work", "fax"), "pager",
			List.of("pager"));

	/** vCard types of the common labels of emails. */
	private static final Map<String, List<String>> EMAIL_TYPES = Map.of("work", List.of("work"), "home",
			List.of("home"), "other", List.of("other"));

	private static final DateTimeFormatter UPDATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

	private final ContactSelections queries;

	private final ContactService contacts;

	private final AuditLog audit;

	private final ExportZone zone;

	private final ExportedNumbers numbers;

	ContactExport(ContactSelections queries, ContactService contacts, AuditLog audit, ExportZone zone,
			ExportedNumbers numbers) {
		this.queries = queries;
		this.numbers = numbers;
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
	long export(ContactSelections.Selection selection, Format format, OutputStream out) {
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

	private long csv(ContactSelections.Selection selection, Map<Long, String> owners, Writer writer)
			throws IOException {
		int phones = Math.max(1, queries.mostPerContact(selection, "contact_phones"));
		int emails = Math.max(1, queries.mostPerContact(selection, "contact_emails"));
		writer.write('\uFEFF');
		CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(header(phones, emails)).get());
		return queries.forEachSelected(selection, COLUMNS, this::row, Row::id, PAGE, (page) -> {
			Map<Long, ExportedNumbers.Numbers> numbers = this.numbers.of(page.stream().map(Row::id).toList());
			try {
				for (Row row : page) {
					List<Object> cells = new ArrayList<>(HEADER.length + 2 * (phones + emails));
					cells.addAll(Arrays.asList(text(row.name()), (row.phone() != null) ? "+" + row.phone() : null,
							text(row.email()), text(row.company()), row.status().code(),
							text((row.ownerId() != null) ? owners.get(row.ownerId()) : null), row.source().code(),
							text(row.notes()), (row.updatedAt() != null) ? UPDATED.format(row.updatedAt()) : null));
					ExportedNumbers.Numbers own = numbersOf(row, numbers);
					for (int i = 0; i < phones; i++) {
						ContactPhone phone = (i < own.phones().size()) ? own.phones().get(i) : null;
						cells.add((phone != null) ? text(csvLabel(phone.label(), phone.primary())) : null);
						cells.add((phone != null) ? phone.e164() : null);
					}
					for (int i = 0; i < emails; i++) {
						ContactEmail email = (i < own.emails().size()) ? own.emails().get(i) : null;
						cells.add((email != null) ? text(csvLabel(email.label(), email.primary())) : null);
						cells.add((email != null) ? text(email.address()) : null);
					}
					csv.printRecord(cells);
				}
				csv.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/**
	 * The compatible columns, then a {@code Phone N - Label} / {@code Phone N - Value}
	 * pair for as many numbers as a contact has at most, and the same for emails, as
	 * Google Contacts writes them.
	 */
	static String[] header(int phones, int emails) {
		List<String> header = new ArrayList<>(Arrays.asList(HEADER));
		for (int i = 1; i <= phones; i++) {
			header.add("Phone " + i + " - Label");
			header.add("Phone " + i + " - Value");
		}
		for (int i = 1; i <= emails; i++) {
			header.add("E-mail " + i + " - Label");
			header.add("E-mail " + i + " - Value");
		}
		return header.toArray(String[]::new);
	}

	/**
	 * A label as Google Contacts writes it: the common ones capitalized ({@code Mobile}),
	 * a source's own text as it is, the primary one marked with Google's {@code * }.
	 */
	static String csvLabel(String label, boolean primary) {
		String text = (label == null) ? "" : switch (label) {
			case "mobile", "work", "home", "main", "other" ->
				Character.toUpperCase(label.charAt(0)) + label.substring(1);
			default -> label;
		};
		return primary ? ("* " + text).strip() : (text.isEmpty() ? null : text);
	}

	private long vcard(ContactSelections.Selection selection, Writer writer) {
		VCardWriter vcards = new VCardWriter(writer, VCardVersion.V3_0);
		vcards.setAddProdId(false);
		return queries.forEachSelected(selection, COLUMNS, this::row, Row::id, PAGE, (page) -> {
			Map<Long, ExportedNumbers.Numbers> numbers = this.numbers.of(page.stream().map(Row::id).toList());
			try {
				for (Row row : page) {
					VCard card = new VCard();
					card.setFormattedName(row.name());
					card.setStructuredName(new ezvcard.property.StructuredName());
					card.getStructuredName().setGiven(row.name());
					ExportedNumbers.Numbers own = numbersOf(row, numbers);
					int group = 0;
					for (ContactPhone phone : own.phones()) {
						Telephone tel = new Telephone(phone.e164());
						group = labelled(card, tel, phone.label(), PHONE_TYPES, TelephoneType::get, tel.getTypes(),
								group);
						if (phone.primary()) {
							tel.getTypes().add(TelephoneType.PREF);
						}
						card.addTelephoneNumber(tel);
					}
					for (ContactEmail address : own.emails()) {
						Email email = new Email(address.address());
						email.getTypes().add(EmailType.INTERNET);
						group = labelled(card, email, address.label(), EMAIL_TYPES, EmailType::get, email.getTypes(),
								group);
						if (address.primary()) {
							email.getTypes().add(EmailType.PREF);
						}
						card.addEmail(email);
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

	/**
	 * Gives a {@code TEL} or {@code EMAIL} its label: the vCard types of a common one
	 * ({@code mobile} is {@code CELL}, {@code work fax} {@code WORK,FAX}), else, as iOS
	 * writes a label of its own, a group ({@code item1.TEL}) with an {@code X-ABLabel}.
	 * @return the last group number used in the card
	 */
	private static <T> int labelled(VCard card, VCardProperty property, String label, Map<String, List<String>> known,
			Function<String, T> type, List<T> types, int group) {
		if (label == null) {
			return group;
		}
		List<String> codes = known.get(label);
		if (codes != null) {
			codes.forEach((code) -> types.add(type.apply(code)));
			return group;
		}
		String name = "item" + (group + 1);
		property.setGroup(name);
		card.addExtendedProperty("X-ABLabel", label).setGroup(name);
		return group + 1;
	}

	/**
	 * The contact's numbers and emails; one known before the people model only by its own
	 * columns has those, unlabelled.
	 */
	private static ExportedNumbers.Numbers numbersOf(Row row, Map<Long, ExportedNumbers.Numbers> numbers) {
		ExportedNumbers.Numbers own = numbers.get(row.id());
		if (own != null) {
			return own;
		}
		return new ExportedNumbers.Numbers(
				(row.phone() != null) ? List.of(new ContactPhone(row.phone(), null, true, List.of())) : List.of(),
				(row.email() != null) ? List.of(new ContactEmail(row.email(), null, true, List.of())) : List.of());
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
