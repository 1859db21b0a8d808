package com.whiskeysocket.crm.imports;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.whiskeysocket.crm.contacts.FileContact;
import com.whiskeysocket.crm.contacts.LabeledValue;
import com.whiskeysocket.crm.contacts.LeadStatus;

/**
 * Which CSV column is which field, from the header row, in English or Indonesian and as
 * Excel, Google Contacts and Outlook write them: case, spaces, dashes and accents do not
 * matter.
 * <ul>
 * <li>name: {@code name}, {@code nama}, {@code full name}, {@code nama lengkap},
 * {@code display name}, {@code kontak}; else first / middle / last name columns
 * ({@code first name}, {@code nama depan}, {@code given name}, {@code last name},
 * {@code nama belakang}, {@code surname}) are joined;</li>
 * <li>phone: every column named like {@code phone}, {@code telepon}, {@code telp},
 * {@code hp}, {@code no hp}, {@code handphone}, {@code ponsel}, {@code whatsapp},
 * {@code wa}, {@code mobile}, {@code nomor}, {@code fax}, {@code pager} (a number after
 * the name is allowed: {@code HP 2}); each number is labelled by its column as
 * {@link #columnLabel} says, or, for Google's {@code Phone 1 - Value}, by its
 * {@code Phone 1 - Label} (or {@code - Type}) cell; a cell holding several numbers
 * separated by {@code :::} (Google) gives each; mobile numbers first, fax and pager last,
 * each kind Google's preferred ({@code * Mobile}) first;</li>
 * <li>email: every column named like {@code email}, {@code e-mail}, {@code surel}
 * (Outlook's {@code E-mail 2 Address}, Google's {@code E-mail 1 - Value} with its label),
 * Google's preferred ({@code * Home}) first; company: {@code company},
 * {@code perusahaan}, {@code organization}, {@code kantor}, {@code instansi},
 * {@code usaha}, {@code toko};</li>
 * <li>status ({@code status}, {@code lead status}, {@code tahap}) and notes
 * ({@code notes}, {@code catatan}, {@code keterangan}) for new contacts only; a status in
 * English or Indonesian ({@code baru}, {@code sudah dihubungi}, {@code berpotensi},
 * {@code berhasil}, {@code gagal}), anything else is {@code new};</li>
 * <li>other columns named {@code … type} or {@code … label}, Outlook's
 * {@code E-mail Display Name} and any other column are ignored.</li>
 * </ul>
 * A value that the export protected from spreadsheets with a leading {@code '} is read
 * back without it.
 */
final class CsvColumns {

	private static final Pattern NOT_LETTERS = Pattern.compile("[^a-z0-9]");

	private static final Set<String> NAME = Set.of("name", "nama", "fullname", "namalengkap", "displayname",
			"contactname", "namakontak", "kontak", "contact", "namapelanggan", "customername", "customer", "pelanggan");

	private static final Set<String> GIVEN = Set.of("firstname", "givenname", "namadepan", "first");

	private static final Set<String> MIDDLE = Set.of("middlename", "additionalname", "namatengah");

	private static final Set<String> FAMILY = Set.of("lastname", "surname", "familyname", "namabelakang", "last");

	private static final Set<String> PHONE_EXACT = Set.of("hp", "nohp", "nomorhp", "wa", "nowa", "nomorwa", "tel",
			"telp", "notelp", "notelepon", "nomortelepon", "nomor", "no", "cell", "handphone", "ponsel", "nomorponsel",
			"fax", "pager", "faks", "callback", "isdn", "telex");

	private static final List<String> PHONE_PARTS = List.of("phone", "telepon", "telpon", "telp", "whatsapp", "mobile",
			"ponsel", "handphone", "seluler", "selular", "fax", "pager");

	private static final List<String> MOBILE_PARTS = List.of("hp", "whatsapp", "mobile", "ponsel", "handphone",
			"seluler", "selular", "cell");

	/** Phone columns that say nothing of the number: their values have no label. */
	private static final Set<String> GENERIC_PHONES = Set.of("phone", "telepon", "telpon", "telephone", "phonenumber",
			"nomortelp", "nomortelpon", "notelpon", "telephonenumber");

	/** Words in a column's name that give its label. */
	private static final Map<String, String> LABEL_PARTS = new LinkedHashMap<>(Map.of("fax", "fax", "pager", "pager",
			"kantor", FileLabels.WORK, "business", FileLabels.WORK, "work", FileLabels.WORK, "office", FileLabels.WORK,
			"rumah", FileLabels.HOME, "home", FileLabels.HOME, "utama", FileLabels.MAIN, "primary", FileLabels.MAIN));

	/**
	 * Google's pairs: {@code Phone 1 - Label} (or {@code - Type}) and
	 * {@code Phone 1 - Value}.
	 */
	private static final Pattern GOOGLE = Pattern.compile("(phone|email)(\\d+)(type|label|value)");

	private static final Set<String> COMPANY = Set.of("company", "companyname", "perusahaan", "namaperusahaan",
			"organization", "organisation", "organizationname", "organization1name", "org", "kantor", "instansi",
			"usaha", "namausaha", "toko", "namatoko", "bisnis", "business");

	private static final Set<String> STATUS = Set.of("status", "leadstatus", "statuslead", "tahap", "statusprospek");

	private static final Set<String> NOTES = Set.of("notes", "note", "catatan", "keterangan", "ket", "memo");

	private final String[] header;

	private final int name;

	private final int given;

	private final int middle;

	private final int family;

	private final List<Column> phones;

	private final List<Column> emails;

	private final int company;

	private final int status;

	private final int notes;

	private CsvColumns(String[] header, int name, int given, int middle, int family, List<Column> phones,
			List<Column> emails, int company, int status, int notes) {
		this.header = header;
		this.name = name;
		this.given = given;
		this.middle = middle;
		this.family = family;
		this.phones = phones;
		this.emails = emails;
		this.company = company;
		this.status = status;
		this.notes = notes;
	}

	/**
	 * The columns of a header row.
	 * @throws ImportRejectedException if no column holds phone numbers
	 */
	static CsvColumns of(String[] header) {
		int name = -1;
		int given = -1;
		int middle = -1;
		int family = -1;
		int company = -1;
		int status = -1;
		int notes = -1;
		List<Column> phones = new ArrayList<>();
		List<Column> emails = new ArrayList<>();
		Map<String, Integer> googleLabels = new HashMap<>();
		for (int i = 0; i < header.length; i++) {
			Matcher google = GOOGLE.matcher(key(header[i]));
			if (google.matches() && !google.group(3).equals("value")) {
				googleLabels.putIfAbsent(google.group(1) + google.group(2), i);
			}
		}
		for (int i = 0; i < header.length; i++) {
			String key = key(header[i]);
			Matcher google = GOOGLE.matcher(key);
			if (google.matches()) {
				if (google.group(3).equals("value")) {
					Integer label = googleLabels.get(google.group(1) + google.group(2));
					(google.group(1).equals("phone") ? phones : emails)
						.add(new Column(i, (label != null) ? label : -1, null));
				}
				continue;
			}
			if (key.isEmpty() || key.contains("type") || key.contains("label") || key.contains("jenis")
					|| key.contains("displayname")) {
				continue;
			}
			if (NAME.contains(key)) {
				name = first(name, i);
			}
			else if (GIVEN.contains(key)) {
				given = first(given, i);
			}
			else if (MIDDLE.contains(key)) {
				middle = first(middle, i);
			}
			else if (FAMILY.contains(key)) {
				family = first(family, i);
			}
			else if (key.contains("email") || key.equals("mail") || key.contains("surel")) {
				emails.add(new Column(i, -1, columnLabel(header[i], key, false)));
			}
			else if (COMPANY.contains(key)) {
				company = first(company, i);
			}
			else if (STATUS.contains(key)) {
				status = first(status, i);
			}
			else if (NOTES.contains(key)) {
				notes = first(notes, i);
			}
			else if (isPhone(key.replaceAll("\\d+$", ""))) {
				phones.add(new Column(i, -1, columnLabel(header[i], key, true)));
			}
		}
		if (phones.isEmpty()) {
			throw new ImportRejectedException("import.error.noPhoneColumn", String.join(", ",
					java.util.Arrays.stream(header).limit(12).map((h) -> "“" + h.strip() + "”").toList()));
		}
		// mobile columns first (Google's labelled pairs count as neither), fax and pager
		// last
		phones.sort(Comparator.comparingInt((Column column) -> FileLabels
			.rank((column.label() == null && column.labelIndex() >= 0) ? "" : column.label())));
		return new CsvColumns(header, name, given, middle, family, List.copyOf(phones), List.copyOf(emails), company,
				status, notes);
	}

	/**
	 * The label a column gives its values: Outlook's {@code Business Phone 2} is
	 * {@code work}, a sheet's {@code HP} or {@code WA} {@code mobile}, {@code Telepon
	 * Kantor} {@code work}; a plain {@code Phone}, {@code Telepon} or {@code Email} none.
	 */
	static String columnLabel(String header, String key, boolean phone) {
		String plain = key.replaceAll("\\d+", "");
		String known = FileLabels.known(plain);
		if (known != null) {
			return known;
		}
		if (phone && (MOBILE_PARTS.stream().anyMatch(key::contains) || key.startsWith("wa") || key.endsWith("wa"))) {
			return FileLabels.MOBILE;
		}
		for (Map.Entry<String, String> part : LABEL_PARTS.entrySet()) {
			if (key.contains(part.getKey())) {
				return part.getValue();
			}
		}
		boolean generic = phone
				? (PHONE_EXACT.contains(plain) || GENERIC_PHONES.contains(plain)
						|| (plain.startsWith("no") && PHONE_EXACT.contains(plain.substring(2))))
				: (plain.equals("email") || plain.equals("mail") || plain.equals("surel")
						|| plain.equals("emailaddress") || plain.equals("alamatemail"));
		// anything else is the column's own name, as a source's own label
		return generic ? null : header.replace("\uFEFF", "").replaceAll("\\s*\\d+$", "").strip();
	}

	private static boolean isPhone(String key) {
		return PHONE_EXACT.contains(key) || PHONE_PARTS.stream().anyMatch(key::contains)
				|| (key.startsWith("no") && PHONE_EXACT.contains(key.substring(2)));
	}

	private static int first(int current, int index) {
		return (current >= 0) ? current : index;
	}

	/** A header as compared: lower case, letters and digits only, accents dropped. */
	static String key(String header) {
		String plain = Normalizer.normalize(header.replace("\uFEFF", ""), Normalizer.Form.NFD).toLowerCase(Locale.ROOT);
		return NOT_LETTERS.matcher(plain).replaceAll("");
	}

	/** "Nama → name, HP → phone, …": shown on the preview so staff see what was read. */
	String describe() {
		Map<String, List<Integer>> fields = new LinkedHashMap<>();
		add(fields, "name", name);
		add(fields, "name", given);
		add(fields, "name", middle);
		add(fields, "name", family);
		phones.forEach((column) -> add(fields, "phone", column.index()));
		emails.forEach((column) -> add(fields, "email", column.index()));
		add(fields, "company", company);
		add(fields, "status", status);
		add(fields, "notes", notes);
		List<String> parts = new ArrayList<>();
		fields.forEach((field, columns) -> parts
			.add(String.join(" + ", columns.stream().map((i) -> header[i].replace("\uFEFF", "").strip()).toList())
					+ " → " + field));
		return String.join(", ", parts);
	}

	private static void add(Map<String, List<Integer>> fields, String field, int index) {
		if (index >= 0) {
			fields.computeIfAbsent(field, (f) -> new ArrayList<>()).add(index);
		}
	}

	/**
	 * The contact of one data row, or {@code null} if the row is empty.
	 * @param row its spreadsheet row number
	 * @param values its cells
	 */
	FileContact contact(int row, String[] values) {
		boolean empty = true;
		for (String value : values) {
			if (value != null && !value.isBlank()) {
				empty = false;
				break;
			}
		}
		if (empty) {
			return null;
		}
		String fullName = cell(values, name);
		if (fullName == null) {
			List<String> parts = new ArrayList<>();
			for (int i : new int[] { given, middle, family }) {
				String part = cell(values, i);
				if (part != null) {
					parts.add(part);
				}
			}
			fullName = parts.isEmpty() ? null : String.join(" ", parts);
		}
		List<LabeledValue> numbers = FileLabels.ordered(preferredFirst(values, phones));
		return new FileContact(row, fullName, preferredFirst(values, emails), cell(values, company), numbers,
				leadStatus(cell(values, status)), cell(values, notes));
	}

	/**
	 * Every value of the columns, each with its label: a cell holding several values
	 * joined by {@code :::} (Google) gives each, with the label cell's matching part (or
	 * its only one).
	 */
	private static List<LabeledValue> values(String[] values, List<Column> columns) {
		List<LabeledValue> all = new ArrayList<>();
		for (Column column : columns) {
			String cell = cell(values, column.index());
			if (cell == null) {
				continue;
			}
			String[] labels = (column.labelIndex() >= 0 && cell(values, column.labelIndex()) != null)
					? cell(values, column.labelIndex()).split(":::") : new String[0];
			String[] parts = cell.split(":::");
			for (int i = 0; i < parts.length; i++) {
				if (parts[i].isBlank()) {
					continue;
				}
				String label = column.label();
				if (labels.length > 0) {
					label = FileLabels.label(labels[Math.min(i, labels.length - 1)]);
				}
				all.add(new LabeledValue(parts[i].strip(), label));
			}
		}
		return all;
	}

	/**
	 * Numbers or emails in column order, Google's preferred one ({@code * Home}) first.
	 */
	private static List<LabeledValue> preferredFirst(String[] values, List<Column> columns) {
		List<LabeledValue> emails = FileLabels.distinct(values(values, columns));
		for (Column column : columns) {
			if (column.labelIndex() >= 0 && FileLabels.preferred(cell(values, column.labelIndex()))) {
				String first = cell(values, column.index());
				List<LabeledValue> sorted = new ArrayList<>(emails);
				sorted.sort(Comparator.comparingInt(
						(LabeledValue email) -> (first != null && email.value().equals(first.split(":::")[0].strip()))
								? 0 : 1));
				return sorted;
			}
		}
		return emails;
	}

	private static String cell(String[] values, int index) {
		if (index < 0 || index >= values.length || values[index] == null || values[index].isBlank()) {
			return null;
		}
		String value = values[index].strip();
		// the export's guard against spreadsheet formulas
		if (value.length() > 1 && value.charAt(0) == '\'' && "=+-@".indexOf(value.charAt(1)) >= 0) {
			value = value.substring(1);
		}
		return value;
	}

	/**
	 * A column of values.
	 *
	 * @param index the values' column
	 * @param labelIndex the column with each row's label (Google's), or -1
	 * @param label the label the column gives every value, or {@code null}
	 */
	private record Column(int index, int labelIndex, String label) {
	}

	static LeadStatus leadStatus(String value) {
		if (value == null) {
			return null;
		}
		return switch (key(value)) {
			case "new", "baru" -> LeadStatus.NEW;
			case "contacted", "sudahdihubungi", "dihubungi" -> LeadStatus.CONTACTED;
			case "qualified", "berpotensi", "potensial", "prospek" -> LeadStatus.QUALIFIED;
			case "won", "berhasil", "deal", "menang", "closing" -> LeadStatus.WON;
			case "lost", "gagal", "batal", "kalah" -> LeadStatus.LOST;
			default -> null;
		};
	}

}
