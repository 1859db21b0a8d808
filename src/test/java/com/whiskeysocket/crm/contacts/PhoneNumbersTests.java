package com.whiskeysocket.crm.contacts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PhoneNumbersTests {

	private final PhoneNumbers phoneNumbers = new PhoneNumbers(new ContactsProperties("ID"));

	// (021) 5550 1234 is Jakarta 21 + 5550 1234: all eight local digits are kept
	@ParameterizedTest(name = "''{0}'' -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			0812-3456-7890                | 6281234567890
			+62 812 3456 7890             | 6281234567890
			+62 (0) 812 3456 7890         | 6281234567890
			+62(0)812-3456-7890           | 6281234567890
			0062 812 3456 7890            | 6281234567890
			812 3456 7890                 | 6281234567890
			6281234567890                 | 6281234567890
			'  0812.3456.7890  '          | 6281234567890
			(021) 5550 1234               | 622155501234
			021-5550-1234                 | 622155501234
			+62 21 5550 1234              | 622155501234
			+1 (425) 555-0100             | 14255550100
			14255550100                   | 14255550100
			+1 425 555 0100 ext. 123      | 14255550100
			+1 425-555-0100 x42           | 14255550100
			+44 20 7946 0958              | 442079460958
			+65 6123 4567                 | 6561234567
			""")
	void normalizesToE164DigitsWithoutPlus(String raw, String expected) {
		PhoneNumbers.Result result = phoneNumbers.normalize(raw);
		assertThat(result.isValid()).as(raw).isTrue();
		assertThat(result.digits()).isEqualTo(expected);
	}

	@ParameterizedTest(name = "''{0}'' -> {1}")
	@CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
			NULL         | MISSING
			''           | MISSING
			'   '        | MISSING
			n/a          | MISSING
			N/A          | MISSING
			-            | MISSING
			'--'         | MISSING
			none         | MISSING
			tidak ada    | MISSING
			12           | INVALID
			0812         | INVALID
			+62 000 0000 | INVALID
			+999 1234567 | INVALID
			abc 123      | INVALID
			""")
	void givesAReasonInsteadOfANumber(String raw, PhoneNumbers.Rejection expected) {
		PhoneNumbers.Result result = phoneNumbers.normalize(raw);
		assertThat(result.isValid()).isFalse();
		assertThat(result.digits()).isNull();
		assertThat(result.rejection()).isEqualTo(expected);
	}

	@Test
	void rejectsAbsurdlyLongInputWithoutParsingIt() {
		assertThat(phoneNumbers.normalize("1".repeat(10_000)).rejection()).isEqualTo(PhoneNumbers.Rejection.INVALID);
	}

	@Test
	void readsNationalNumbersInTheConfiguredRegion() {
		PhoneNumbers us = new PhoneNumbers(new ContactsProperties("us"));
		assertThat(us.normalize("(425) 555-0100").digits()).isEqualTo("14255550100");
		assertThat(us.normalize("+62 812 3456 7890").digits()).isEqualTo("6281234567890");
	}

	@Test
	void refusesAnUnknownRegion() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PhoneNumbers(new ContactsProperties("XX")));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			6281234567890 | +62 812-3456-7890
			14255550100   | +1 425-555-0100
			""")
	void displaysInInternationalFormat(String digits, String expected) {
		assertThat(phoneNumbers.display(digits)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "''{0}'' -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			081234          | 6281234
			0812-34         | 6281234
			+62 812         | 62812
			6281234         | 6281234,626281234
			81234           | 81234,6281234
			00628123        | 628123
			Rina            | ''
			08              | ''
			""")
	void searchPrefixesMatchStoredDigits(String query, String expected) {
		assertThat(String.join(",", phoneNumbers.searchPrefixes(query))).isEqualTo(expected);
	}

}
