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
		assertThat(plain(rows)).containsExactly(
				fileContact(2, "Budi Santoso", "budi@example.com", "PT Maju Jaya", List.of("0812-3456-7890"), null,
						"Pelanggan lama"),
				fileContact(3, "Siti Ñurhaliza", null, "CV Sejahtera", List.of("+62 813 1111 2222"), null, null));
	}

	@Test
	void readsCommasQuotedFieldsWithDelimitersQuotesAndLineBreaksWithoutByteOrderMark() {
		read("export.csv", "name,phone,email,company,status,notes\n"
				+ "\"Santoso, Budi\",\"0812 3456 7890\",budi@example.com,\"PT \"\"Maju\"\" Jaya\",contacted,\"line one\nline two\"\n"
				+ "'=Sneaky,'+6281311112222,,,won,\n", StandardCharsets.UTF_8);

		assertThat(plain(rows)).containsExactly(
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
		assertThat(plain(rows)).containsExactly(fileContact(2, "Budi Santoso", "budi@example.com", "PT Maju",
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
	void readsAPhonesVcard3ExportWithSeveralNumbersMobileFirstAndFaxLast() {
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
		assertThat(plain(rows)).containsExactly(
				fileContact(1, "Budi Santoso", "budi@example.com", "PT Maju Jaya",
						List.of("0812-3456-7890", "021-555-0101", "021-555-0199"), null, "Met at the fair"),
				fileContact(2, "Siti Rahma", null, null, List.of("0813 1111 2222"), null, null));
		assertThat(RealExportsTests.labeled(rows.get(0).phones())).containsExactly("0812-3456-7890 mobile",
				"021-555-0101 work", "021-555-0199 work fax");
		assertThat(RealExportsTests.labeled(rows.get(0).emails())).containsExactly("budi@example.com other");
		assertThat(RealExportsTests.labeled(rows.get(1).phones())).containsExactly("0813 1111 2222 home");
	}

	@Test
	void readsASmallUtf8FileWithoutByteOrderMarkWhoseFirstAccentComesInTheLastRead() {
		// read whole in one go: the accent switches decoders just as the input ends
		read("contacts.vcf", """
				BEGIN:VCARD
				VERSION:3.0
				FN:Siti Ñurhaliza
				TEL;TYPE=CELL:0812-3456-7890
				END:VCARD
				""", StandardCharsets.UTF_8);

		assertThat(rows).extracting(FileContact::name).containsExactly("Siti Ñurhaliza");
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

		assertThat(plain(rows)).containsExactly(
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
	void readsEveryVcardTypeAndIosGroupedLabels() {
		read("x.vcf", """
				BEGIN:VCARD
				VERSION:3.0
				FN:Rina
				TEL;TYPE=WORK:021-555-0101
				TEL:021-555-0102
				TEL;TYPE=X-KANTOR-PUSAT:021-555-0103
				TEL;TYPE=MAIN:021-555-0104
				TEL;TYPE=PAGER:021-555-0105
				item1.TEL:0812-0000-0001
				item1.X-ABLabel:_$!<Mobile>!$_
				item2.TEL;type=pref:0812-0000-0002
				item2.X-ABLabel:Kantor Bandung
				TEL;type=IPHONE;type=CELL;type=VOICE;type=pref:0812-0000-0003
				item3.TEL:021-555-0106
				item3.X-ABLabel:_$!<HomeFAX>!$_
				item4.EMAIL;type=INTERNET:rina@kantor.example
				item4.X-ABLabel:_$!<Work>!$_
				EMAIL;type=INTERNET;type=HOME:rina@rumah.example
				EMAIL;type=INTERNET;type=pref:rina@utama.example
				END:VCARD
				""", StandardCharsets.UTF_8);

		assertThat(RealExportsTests.labeled(rows.get(0).phones())).containsExactly("0812-0000-0003 mobile",
				"0812-0000-0001 mobile", "0812-0000-0002 Kantor Bandung", "021-555-0101 work", "021-555-0102 other",
				"021-555-0103 kantor-pusat", "021-555-0104 main", "021-555-0105 pager", "021-555-0106 home fax");
		assertThat(RealExportsTests.labeled(rows.get(0).emails())).containsExactly("rina@utama.example other",
				"rina@kantor.example work", "rina@rumah.example home");
	}

	@Test
	void readsGooglePairsWithTheirLabelsAndSeveralValuesInOneCell() {
		read("contacts.csv", "Name,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,"
				+ "Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Phone 3 - Type,Phone 3 - Value\n"
				+ "Budi,* myContacts,Work,budi@kantor.example,* Home,budi@rumah.example,Work,"
				+ "021-555-0101 ::: 021-555-0102,Mobile,0812-3456-7890,Google Voice,+1 650-555-0100\n"
				+ "Siti,,,,,,Home Fax,021-555-0199,,,,\n", StandardCharsets.UTF_8);

		assertThat(RealExportsTests.labeled(rows.get(0).phones())).containsExactly("0812-3456-7890 mobile",
				"021-555-0101 work", "021-555-0102 work", "+1 650-555-0100 Google Voice");
		assertThat(RealExportsTests.labeled(rows.get(0).emails())).containsExactly("budi@rumah.example home",
				"budi@kantor.example work");
		assertThat(RealExportsTests.labeled(rows.get(1).phones())).containsExactly("021-555-0199 home fax");
	}

	@Test
	void readsOutlookPhoneAndEmailColumnsWithTheirLabels() {
		ContactFileReader.Summary summary = read("outlook.csv",
				"First Name,Last Name,Company,Business Fax,Business Phone,Business Phone 2,Home Phone,Home Phone 2,"
						+ "Mobile Phone,Other Phone,Pager,Primary Phone,Car Phone,E-mail Address,E-mail Type,"
						+ "E-mail Display Name,E-mail 2 Address,E-mail 3 Address\r\n"
						+ "Budi,Santoso,PT Maju,021-555-0199,021-555-0101,021-555-0102,022-555-0103,022-555-0104,"
						+ "0812-3456-7890,0813-0000-0001,0813-0000-0002,021-555-0100,0813-0000-0003,budi@maju.example,"
						+ "SMTP,Budi Santoso (budi@maju.example),budi@rumah.example,budi@lain.example\r\n",
				StandardCharsets.UTF_8);

		assertThat(RealExportsTests.labeled(rows.get(0).phones())).containsExactly("0812-3456-7890 mobile",
				"021-555-0101 work", "021-555-0102 work", "022-555-0103 home", "022-555-0104 home",
				"0813-0000-0001 other", "021-555-0100 main", "0813-0000-0003 Car Phone", "021-555-0199 work fax",
				"0813-0000-0002 pager");
		assertThat(rows.get(0).emails()).extracting(LabeledValue::value)
			.containsExactly("budi@maju.example", "budi@rumah.example", "budi@lain.example");
		assertThat(summary.columns()).startsWith("First Name + Last Name → name, Mobile Phone + Business Phone");
	}

	@Test
	void readsEveryPhoneColumnOfAHandMadeSheet() {
		read("pelanggan.csv",
				"Nama;Telepon;HP;No HP 2;WA;Telp Kantor;Telepon Rumah;Email;Email Kantor\n"
						+ "Budi;022-555-0100;0812-0000-0001;0812-0000-0002;0857-0000-0003;021-555-0101;022-555-0102;"
						+ "budi@pribadi.example;budi@kantor.example\n",
				StandardCharsets.UTF_8);

		assertThat(RealExportsTests.labeled(rows.get(0).phones())).containsExactly("0812-0000-0001 mobile",
				"0812-0000-0002 mobile", "0857-0000-0003 mobile", "022-555-0100 null", "021-555-0101 work",
				"022-555-0102 home");
		assertThat(RealExportsTests.labeled(rows.get(0).emails())).containsExactly("budi@pribadi.example null",
				"budi@kantor.example work");
	}

	@Test
	void readsWindows1252FromOutlookAndOlderExcel() {
		read("outlook.csv",
				"First Name,Last Name,Mobile Phone,Notes\r\nJosé,Ñúñez,0812-1111-2222,Café “Senja” – 5€\r\n",
				FileText.WINDOWS_1252);

		assertThat(rows.get(0).name()).isEqualTo("José Ñúñez");
		assertThat(rows.get(0).notes()).isEqualTo("Café “Senja” – 5€");
	}

	@Test
	void readsWindows1252WhoseFirstAccentComesAfterTheFirst64Kilobytes() {
		StringBuilder csv = new StringBuilder("Nama;HP\r\n");
		for (int i = 0; csv.length() < 200_000; i++) {
			csv.append("Pelanggan ").append(i).append(";0812").append(String.format("%08d", i)).append("\r\n");
		}
		csv.append("Andrés;0813-0000-0001\r\n");
		read("x.csv", csv.toString(), FileText.WINDOWS_1252);

		assertThat(rows.get(rows.size() - 1).name()).isEqualTo("Andrés");
		assertThat(rows.get(0).name()).isEqualTo("Pelanggan 0");
	}

	@Test
	void readsUtf16WithoutByteOrderMarkAsMacContactsWritesIt() {
		for (Charset utf16 : List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
			rows.clear();
			read("x.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ñurhaliza\r\nTEL;type=CELL:0812-1111-2222\r\n"
					+ "END:VCARD\r\n", utf16);

			assertThat(rows).as(utf16.name())
				.extracting(FileContact::name, FileContact::rawPhones)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("Zoë Ñurhaliza", List.of("0812-1111-2222")));
		}
	}

	@Test
	void aUtf8FileWithOneStrayByteStaysUtf8() {
		byte[] head = "name,phone\nZoë,0812-1111-2222\n".getBytes(StandardCharsets.UTF_8);
		byte[] stray = "Bad\u00E9,0812-3333-4444\n".getBytes(FileText.WINDOWS_1252);
		byte[] bytes = java.util.Arrays.copyOf(head, head.length + stray.length);
		System.arraycopy(stray, 0, bytes, head.length, stray.length);
		ContactFileReader.read(new ByteArrayInputStream(bytes), "x.csv", 100, rows::add);

		assertThat(rows).extracting(FileContact::name).containsExactly("Zoë", "Bad\uFFFD");
	}

	@Test
	void readsVcard21QuotedPrintableInTheCharsetItNames() {
		read("x.vcf", """
				BEGIN:VCARD
				VERSION:2.1
				N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Nu=C3=B1ez;Jos=C3=A9;;;
				FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 Nu=C3=B1ez
				TEL;CELL:0812-1111-2222
				END:VCARD
				BEGIN:VCARD
				VERSION:2.1
				FN;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:Andr=E9s
				NOTE;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Caf=E9 di=0D=0A=
				Bandung
				TEL;WORK;VOICE:022-555-0100
				END:VCARD
				""", StandardCharsets.UTF_8);

		assertThat(rows).extracting(FileContact::name).containsExactly("José Nuñez", "Andrés");
		assertThat(rows.get(1).notes()).isEqualTo("Café di\r\nBandung");
	}

	@Test
	void quotedPrintableWithoutCharsetInAWindows1252FileIsReadAsWindows1252() {
		byte[] bytes = ("""
				BEGIN:VCARD
				VERSION:2.1
				N:Ñúñez;José
				FN:José Ñúñez
				TEL;CELL:0812-1111-2222
				END:VCARD
				BEGIN:VCARD
				VERSION:2.1
				FN;ENCODING=QUOTED-PRINTABLE:Andr=E9s
				TEL;CELL:0812-3333-4444
				END:VCARD
				""").getBytes(FileText.WINDOWS_1252);
		ContactFileReader.read(new ByteArrayInputStream(bytes), "x.vcf", 100, rows::add);

		assertThat(rows).extracting(FileContact::name).containsExactly("José Ñúñez", "Andrés");
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

	/**
	 * The contacts read, their labels left out (as these tests were written before them).
	 */
	static List<FileContact> plain(List<FileContact> contacts) {
		return contacts.stream()
			.map((c) -> new FileContact(c.row(), c.name(), LabeledValue.all(LabeledValue.values(c.emails())),
					c.company(), LabeledValue.all(c.rawPhones()), c.status(), c.notes()))
			.toList();
	}

	private static FileContact fileContact(int row, String name, String email, String company, List<String> phones,
			LeadStatus status, String notes) {
		return new FileContact(row, name, LabeledValue.all(java.util.Collections.singletonList(email)), company,
				LabeledValue.all(phones), status, notes);
	}

}
