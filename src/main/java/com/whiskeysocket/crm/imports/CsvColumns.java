package com.whiskeysocket.crm.imports;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * {@code wa}, {@code mobile}, {@code nomor}; mobile-like columns ({@code hp},
 * {@code whatsapp}, {@code mobile}, {@code ponsel}…) first, and a cell holding several
 * numbers separated by {@code :::} (Google) gives each; the first valid number
 * counts;</li>
 * <li>email: named like {@code email}, {@code e-mail}, {@code surel}; company:
 * {@code company}, {@code perusahaan}, {@code organization}, {@code kantor},
 * {@code instansi}, {@code usaha}, {@code toko};</li>
 * <li>status ({@code status}, {@code lead status}, {@code tahap}) and notes
 * ({@code notes}, {@code catatan}, {@code keterangan}) for new contacts only; a status in
 * English or Indonesian ({@code baru}, {@code sudah dihubungi}, {@code berpotensi},
 * {@code berhasil}, {@code gagal}), anything else is {@code new};</li>
 * <li>columns named {@code … type} or {@code … label} (Google's) and any other column are
 * ignored.</li>
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
			"telp", "notelp", "notelepon", "nomortelepon", "nomor", "no", "cell", "handphone", "ponsel", "nomorponsel");

	private static final List<String> PHONE_PARTS = List.of("phone", "telepon", "telpon", "telp", "whatsapp", "mobile",
			"ponsel", "handphone", "seluler", "selular");

	private static final List<String> MOBILE_PARTS = List.of("hp", "wa", "whatsapp", "mobile", "ponsel", "handphone",
			"seluler", "selular", "cell");

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

	private final List<Integer> phones;

	private final int email;

	private final int company;

	private final int status;

	private final int notes;

	private CsvColumns(String[] header, int name, int given, int middle, int family, List<Integer> phones, int email,
			int company, int status, int notes) {
		this.header = header;
		this.name = name;
		this.given = given;
		this.middle = middle;
		this.family = family;
		this.phones = phones;
		this.email = email;
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
		int email = -1;
		int company = -1;
		int status = -1;
		int notes = -1;
		List<Integer> mobiles = new ArrayList<>();
		List<Integer> others = new ArrayList<>();
		for (int i = 0; i < header.length; i++) {
			String key = key(header[i]);
			if (key.isEmpty() || key.contains("type") || key.contains("label") || key.contains("jenis")) {
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
				email = first(email, i);
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
			else if (isPhone(key)) {
				(MOBILE_PARTS.stream().anyMatch(key::contains) ? mobiles : others).add(i);
			}
		}
		if (mobiles.isEmpty() && others.isEmpty()) {
			throw new ImportRejectedException("import.error.noPhoneColumn", String.join(", ",
					java.util.Arrays.stream(header).limit(12).map((h) -> "“" + h.strip() + "”").toList()));
		}
		List<Integer> phones = new ArrayList<>(mobiles);
		phones.addAll(others);
		return new CsvColumns(header, name, given, middle, family, phones, email, company, status, notes);
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
		phones.forEach((i) -> add(fields, "phone", i));
		add(fields, "email", email);
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
		List<String> numbers = new ArrayList<>();
		for (int i : phones) {
			String cell = cell(values, i);
			if (cell != null) {
				for (String number : cell.split(":::")) {
					if (!number.isBlank()) {
						numbers.add(number.strip());
					}
				}
			}
		}
		return new FileContact(row, fullName,
				LabeledValue.all(java.util.Collections.singletonList(cell(values, email))), cell(values, company),
				LabeledValue.all(numbers), leadStatus(cell(values, status)), cell(values, notes));
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
