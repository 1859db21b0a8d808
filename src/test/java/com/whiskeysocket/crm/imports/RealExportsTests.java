package com.whiskeysocket.crm.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.contacts.FileContact;
import com.whiskeysocket.crm.contacts.LabeledValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real address-book exports, from the test suites of ez-vcard and of Android's vCard
 * library (see the README and NOTICE beside them): every number and email each holds, in
 * order, with its label.
 */
class RealExportsTests {

	@Test
	void iphoneKeepsAllSevenNumbersMobileFirstFaxAndPagerLastAndTheGroupedAssistantLabel() {
		List<FileContact> cards = read("ez-vcard/John_Doe_IPHONE.vcf");

		assertThat(cards).singleElement().satisfies((card) -> {
			assertThat(card.name()).isEqualTo("Mr. John Richter James Doe Sr.");
			assertThat(labeled(card.phones())).containsExactly("905-555-1234 mobile", "905-666-1234 home",
					"905-777-1234 work", "905-222-1234 assistant", "905-888-1234 home fax", "905-999-1234 work fax",
					"905-111-1234 pager");
			assertThat(labeled(card.emails())).containsExactly("john.doe@ibm.com other");
		});
	}

	@Test
	void macAddressBookPutsTheMobileFirstThenThePreferredWorkNumber() {
		List<FileContact> cards = read("ez-vcard/John_Doe_MAC_ADDRESS_BOOK.vcf");

		assertThat(labeled(cards.get(0).phones())).containsExactly("905-555-1234 mobile", "905-777-1234 work",
				"905-666-1234 home", "905-222-1234 assistant", "905-888-1234 home fax", "905-999-1234 work fax",
				"905-111-1234 pager");
		assertThat(labeled(cards.get(0).emails())).containsExactly("john.doe@ibm.com work");
	}

	@Test
	void macAddressBookWrittenAsUtf16WithoutByteOrderMarkReadsTheSame() throws IOException {
		byte[] utf8 = bytes("ez-vcard/John_Doe_MAC_ADDRESS_BOOK.vcf");
		String text = new String(utf8, StandardCharsets.UTF_8);
		for (java.nio.charset.Charset utf16 : List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE)) {
			List<FileContact> cards = new ArrayList<>();
			ContactFileReader.read(new java.io.ByteArrayInputStream(text.getBytes(utf16)), "Contacts.vcf", 100,
					cards::add);

			assertThat(cards).as(utf16.name()).hasSize(1);
			assertThat(cards.get(0).name()).isEqualTo("Mr. John Richter,James Doe Sr.");
			assertThat(cards.get(0).rawPhones()).containsExactly("905-555-1234", "905-777-1234", "905-666-1234",
					"905-222-1234", "905-888-1234", "905-999-1234", "905-111-1234");
		}
	}

	@Test
	void androidVcard21QuotedPrintableUtf8KeepsEveryNumberAndEmail() {
		List<FileContact> cards = read("ez-vcard/John_Doe_ANDROID.vcf");

		assertThat(cards).extracting((card) -> labeled(card.phones()))
			.containsExactly(List.of(), List.of(), List.of("123456789 mobile"),
					List.of("123456 mobile", "3456789 mobile", "234567 home", "45678901 home"),
					List.of("123456 mobile"), List.of("55556666 mobile"));
		assertThat(cards.get(2).name()).isEqualTo("Ñ Ñ Ñ Ñ Ñ");
		assertThat(labeled(cards.get(4).emails())).containsExactly("bob@company.com work", "ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ other");
		assertThat(cards.get(4).company()).isEqualTo("ÑÑÑÑÑÑÑÑÑÑÑÑ");
	}

	@Test
	void outlookKeepsBusinessHomeMobileAndFax() {
		assertThat(labeled(read("ez-vcard/outlook-2007.vcf").get(0).phones())).containsExactly("(111) 555-4444 mobile",
				"(111) 555-1111 work", "(111) 555-2222 home", "(111) 555-3333 work fax");
		FileContact older = read("ez-vcard/John_Doe_MS_OUTLOOK.vcf").get(0);
		assertThat(labeled(older.phones())).containsExactly("(905) 555-1234 work", "(905) 666-1234 home");
		assertThat(older.emails()).extracting(LabeledValue::value).containsExactly("john.doe@ibm.cm");
	}

	@Test
	void gmailKeepsElevenNumbersAndFiveEmailsWithCustomLabels() {
		FileContact card = read("ez-vcard/gmail-single2.vcf").get(0);

		assertThat(labeled(card.phones())).containsExactly("5555551115 mobile", "5555551111 other", "5555551112 home",
				"5555551113 work", "5555551114 other", "5555551116 main", "5555551119 GRAND_CENTRAL",
				"5555551121 CustomePhoneCategory", "5555551117 home fax", "5555551118 work fax", "5555551120 pager");
		assertThat(labeled(card.emails())).containsExactly("email@example.com other", "homeemail@example.com home",
				"workemail@example.com work", "otheremail@example.com other",
				"customcategory@example.com CustomEmailCategory");
		assertThat(labeled(read("ez-vcard/John_Doe_GMAIL.vcf").get(0).phones())).containsExactly("905-555-1234 mobile",
				"905-666-1234 home");
	}

	@Test
	void blackBerryKeepsItsInternationalMobile() {
		assertThat(labeled(read("ez-vcard/John_Doe_BLACK_BERRY.vcf").get(0).phones()))
			.containsExactly("+96123456789 mobile");
	}

	@Test
	void androidLibraryExportsKeepEveryNumber() {
		assertThat(labeled(read("aosp-vcard/v21_complicated.vcf").get(0).phones())).containsExactly("0311111111 mobile",
				"(111) 555-1212 work", "(404) 555-1212 home", "0322222222 video", "0333333333 other");
		assertThat(labeled(read("aosp-vcard/v21_complicated.vcf").get(0).emails()))
			.containsExactly("forrestgump@walladalla.com other", "cell@example.com mobile");
		assertThat(labeled(read("aosp-vcard/v21_pref_handling.vcf").get(0).phones())).containsExactly("2 work",
				"1 home", "3 isdn");
		assertThat(read("aosp-vcard/v21_multiple_entry.vcf")).extracting(FileContact::rawPhones)
			.containsExactly(List.of("9", "10", "11", "12"), List.of("13", "15", "16", "14"),
					List.of("17", "18", "19", "20"));
		assertThat(labeled(read("aosp-vcard/v21_blackberry_photo.vcf").get(0).phones()))
			.containsExactly("+5555556 mobile", "+5555555 work");
		assertThat(labeled(read("aosp-vcard/v30_ios_613_multiline.vcf").get(0).phones()))
			.containsExactly("(650) 555-1212 mobile");
		assertThat(labeled(read("aosp-vcard/v30_pager.vcf").get(0).phones()))
			.containsExactly("6101231234@pagersample.com pager");
	}

	@Test
	void shiftJisVcardsAreReadInTheCharsetTheyName() {
		FileContact first = read("aosp-vcard/v21_japanese_1.vcf").get(0);
		assertThat(first.name()).isEqualTo("安藤ロイド");
		assertThat(first.rawPhones()).containsExactly("0300000000");

		FileContact second = read("aosp-vcard/v21_japanese_2.vcf").get(0);
		assertThat(second.name()).isEqualTo("安藤 ロイド 1");
		assertThat(second.notes()).isEqualTo("メモ");
		assertThat(read("aosp-vcard/v21_multiple_entry.vcf")).extracting(FileContact::name)
			.containsExactly("安藤ロイド3", "安藤ロイド4", "安藤ロイド5");
	}

	static List<String> labeled(List<LabeledValue> values) {
		return values.stream().map((v) -> v.value() + " " + v.label()).toList();
	}

	private static List<FileContact> read(String file) {
		List<FileContact> cards = new ArrayList<>();
		try (InputStream in = RealExportsTests.class.getResourceAsStream("exports/" + file)) {
			ContactFileReader.read(in, file, 1000, cards::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return cards;
	}

	private static byte[] bytes(String file) throws IOException {
		try (InputStream in = RealExportsTests.class.getResourceAsStream("exports/" + file)) {
			return in.readAllBytes();
		}
	}

}
