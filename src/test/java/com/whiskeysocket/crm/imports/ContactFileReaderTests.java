package com.whiskeysocket.crm.imports;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.contacts.FileContact;
import com.whiskeysocket.crm.contacts.LabeledValue;
import com.whiskeysocket.crm.contacts.LeadStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading contact files as staff bring them: Excel's CSVs and phones' vCards. */
class ContactFileReaderTests {

	private final List<FileContact> rows = new ArrayList<>();

	@Test
	void readsIndonesianExcelWithSemicolonsAndByteOrderMark() {
		ContactFileReader.Summary summary = read("contacts.csv",
				"\uFEFFNama;No HP;Email;Perusahaan;Catatan\r\n"
						+ "Budi Santoso;0812-3456-7890;budi@example.com;PT Maju Jaya;Pelanggan lama\r\n"
						+ "Siti Ñurhaliza;+62 813 1111 2222;;CV Sejahtera;\r\n",
				StandardCharsets.UTF_8);

		assertThat(summary.format()).isEqualTo(ContactFileReader.Format.CSV);
		assertThat(summary.columns())
			.isEqualTo("Nama → name, No HP → phone, Email → email, Perusahaan → company, Catatan → notes");
		assertThat(rows).containsExactly(
				fileContact(2, "Budi Santoso", "budi@example.com", "PT Maju Jaya", List.of("0812-3456-7890"), null,
						"Pelanggan lama"),
				fileContact(3, "Siti Ñurhaliza", null, "CV Sejahtera", List.of("+62 813 1111 2222"), null, null));
	}

	@Test
	void readsCommasQuotedFieldsWithDelimitersQuotesAndLineBreaksWithoutByteOrderMark() {
		read("export.csv", "name,phone,email,company,status,notes\n"
				+ "\"Santoso, Budi\",\"0812 3456 7890\",budi@example.com,\"PT \"\"Maju\"\" Jaya\",contacted,\"line one\nline two\"\n"
				+ "'=Sneaky,'+6281311112222,,,won,\n", StandardCharsets.UTF_8);

		assertThat(rows).containsExactly(
				fileContact(2, "Santoso, Budi", "budi@example.com", "PT \"Maju\" Jaya", List.of("0812 3456 7890"),
						LeadStatus.CONTACTED, "line one\nline two"),
				fileContact(3, "=Sneaky", null, null, List.of("+6281311112222"), LeadStatus.WON, null));
	}

	@Test
	void readsExcelUnicodeTextWhichIsUtf16WithTabs() {
		read("contacts.txt", "\uFEFFName\tMobile\r\nRina\t0812-1111-2222\r\n", StandardCharsets.UTF_16LE);

		assertThat(rows).extracting(FileContact::name, FileContact::rawPhones)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("Rina", List.of("0812-1111-2222")));
	}

	@Test
	void matchesGoogleContactsHeadersJoinsNamePartsAndPutsMobileColumnsFirst() {
		ContactFileReader.Summary summary = read("google.csv",
				"First Name,Middle Name,Last Name,Organization Name,E-mail 1 - Label,E-mail 1 - Value,"
						+ "Phone 1 - Label,Phone 1 - Value,Mobile Phone\n"
						+ "Budi,,Santoso,PT Maju,* Home,budi@example.com,Work,021-555-0101 ::: 021-555-0102,0812-3456-7890\n",
				StandardCharsets.UTF_8);

		assertThat(summary.columns()).isEqualTo("First Name + Middle Name + Last Name → name, "
				+ "Mobile Phone + Phone 1 - Value → phone, E-mail 1 - Value → email, Organization Name → company");
		assertThat(rows).containsExactly(fileContact(2, "Budi Santoso", "budi@example.com", "PT Maju",
				List.of("0812-3456-7890", "021-555-0101", "021-555-0102"), null, null));
	}

	@Test
	void keepsBadRowsAsRowsSkipsEmptyLinesAndCountsShortRows() {
		read("bad.csv", "nama;telepon;status\n" + "Tanpa Nomor;;baru\n" + "\n" + "Nomor Salah;12;entah\n" + "Pendek\n"
				+ ";;\n" + "Budi;0812-3456-7890;Berhasil\n", StandardCharsets.UTF_8);

		assertThat(rows).extracting(FileContact::row, FileContact::name, FileContact::rawPhones, FileContact::status)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(2, "Tanpa Nomor", List.of(), LeadStatus.NEW),
					org.assertj.core.groups.Tuple.tuple(3, "Nomor Salah", List.of("12"), null),
					org.assertj.core.groups.Tuple.tuple(4, "Pendek", List.of(), null),
					org.assertj.core.groups.Tuple.tuple(6, "Budi", List.of("0812-3456-7890"), LeadStatus.WON));
	}

	@Test
	void aQuoteNeverClosedKeepsTheRowsBeforeIt() {
		ContactFileReader.Summary summary = read("broken.csv",
				"name,phone\nRina,0812-1111-2222\n\"Budi,0812-3333-4444\nSiti,0812-5555-6666\n",
				StandardCharsets.UTF_8);

		assertThat(summary.rows()).isEqualTo(1);
		assertThat(rows).extracting(FileContact::name).containsExactly("Rina");
	}

	@Test
	void refusesACsvWithoutAPhoneColumnNamingTheColumnsFound() {
		assertThatThrownBy(() -> read("x.csv", "Nama,Kota\nBudi,Bandung\n", StandardCharsets.UTF_8))
			.isInstanceOfSatisfying(ImportRejectedException.class, (ex) -> {
				assertThat(ex.messageCode()).isEqualTo("import.error.noPhoneColumn");
				assertThat(ex.args()).containsExactly("“Nama”, “Kota”");
			});
	}

	@Test
	void refusesAnEmptyFile() {
		assertThatThrownBy(() -> read("x.csv", "\uFEFF  \n", StandardCharsets.UTF_8)).isInstanceOfSatisfying(
				ImportRejectedException.class, (ex) -> assertThat(ex.messageCode()).isEqualTo("import.error.empty"));
	}

	@Test
	void handsOverAtMostTheLimitButCountsEveryRow() {
		StringBuilder csv = new StringBuilder("name,phone\n");
		for (int i = 0; i < 12; i++) {
			csv.append("Lead ").append(i).append(",0812000000").append(String.format("%02d", i)).append('\n');
		}
		ContactFileReader.Summary summary = ContactFileReader
			.read(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), "x.csv", 10, rows::add);

		assertThat(summary.rows()).isEqualTo(10);
		assertThat(summary.rowsInFile()).isEqualTo(12);
		assertThat(rows).hasSize(10);
	}

	@Test
	void readsAPhonesVcard3ExportWithSeveralNumbersMobileFirstAndNoFax() {
		ContactFileReader.Summary summary = read("Contacts.vcf", """
				BEGIN:VCARD
				VERSION:3.0
				N:Santoso;Budi;;;
				FN:Budi Santoso
				ORG:PT Maju Jaya;Sales
				TEL;TYPE=WORK,VOICE:021-555-0101
				TEL;TYPE=WORK,FAX:021-555-0199
				TEL;TYPE=CELL:0812-3456-7890
				EMAIL;TYPE=INTERNET:budi@example.com
				NOTE:Met at the fair
				END:VCARD
				BEGIN:VCARD
				VERSION:3.0
				N:Rahma;Siti;;;
				TEL;TYPE=HOME:0813 1111 2222
				END:VCARD
				""", StandardCharsets.UTF_8);

		assertThat(summary.format()).isEqualTo(ContactFileReader.Format.VCARD);
		assertThat(rows).containsExactly(
				fileContact(1, "Budi Santoso", "budi@example.com", "PT Maju Jaya",
						List.of("0812-3456-7890", "021-555-0101"), null, "Met at the fair"),
				fileContact(2, "Siti Rahma", null, null, List.of("0813 1111 2222"), null, null));
	}

	@Test
	void readsVcard4WithTelUrisAndAVcardWithoutTheExtension() {
		read("export.txt", """
				BEGIN:VCARD
				VERSION:4.0
				FN:Ayu Lestari
				TEL;VALUE=uri;TYPE="voice,cell":tel:+62-812-3456-7891
				EMAIL:ayu@example.com
				END:VCARD
				""", StandardCharsets.UTF_8);

		assertThat(rows).containsExactly(
				fileContact(1, "Ayu Lestari", "ayu@example.com", null, List.of("+62-812-3456-7891"), null, null));
	}

	@Test
	void aBrokenCardDoesNotStopTheOthers() {
		read("x.vcf", """
				BEGIN:VCARD
				VERSION:3.0
				FN:No Number
				END:VCARD
				BEGIN:VCARD
				VERSION:3.0
				FN;garbage here
				TEL:not a number
				END:VCARD
				BEGIN:VCARD
				VERSION:3.0
				FN:Fine
				TEL:0812-3456-7890
				END:VCARD
				""", StandardCharsets.UTF_8);

		assertThat(rows).extracting(FileContact::rawPhones)
			.containsExactly(List.of(), List.of("not a number"), List.of("0812-3456-7890"));
		assertThat(rows.get(2).name()).isEqualTo("Fine");
	}

	@Test
	void refusesAVcardFileWithoutCards() {
		assertThatThrownBy(() -> read("x.vcf", "hello\n", StandardCharsets.UTF_8)).isInstanceOfSatisfying(
				ImportRejectedException.class, (ex) -> assertThat(ex.messageCode()).isEqualTo("import.error.noCards"));
	}

	@Test
	void detectsTheDelimiterOutsideQuotes() {
		assertThat(ContactFileReader.delimiter("\"a;b;c\",phone")).isEqualTo(',');
		assertThat(ContactFileReader.delimiter("nama;hp,wa")).isEqualTo(',');
		assertThat(ContactFileReader.delimiter("nama;hp;email")).isEqualTo(';');
		assertThat(ContactFileReader.delimiter("nama\thp")).isEqualTo('\t');
		assertThat(ContactFileReader.delimiter("phone")).isEqualTo(',');
	}

	private ContactFileReader.Summary read(String name, String content, Charset charset) {
		byte[] bytes = content.getBytes(charset);
		return ContactFileReader.read(new ByteArrayInputStream(bytes), name, 100_000, rows::add);
	}

	private static FileContact fileContact(int row, String name, String email, String company, List<String> phones,
			LeadStatus status, String notes) {
		return new FileContact(row, name, LabeledValue.all(java.util.Collections.singletonList(email)), company,
				LabeledValue.all(phones), status, notes);
	}

}
