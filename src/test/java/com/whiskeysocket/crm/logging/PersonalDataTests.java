package com.whiskeysocket.crm.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PersonalDataTests {

	@Test
	void phoneNumbersKeepTheirFirstFourAndLastThreeDigits() {
		assertThat(PersonalData.mask("phone 628123456001 taken")).isEqualTo("phone 6281•••••001 taken");
		assertThat(PersonalData.mask("Duplicate entry '6281234567001' for key 'phone'"))
			.isEqualTo("Duplicate entry '6281••••••001' for key 'phone'");
		assertThat(PersonalData.mask("+62 812-3456-7001 and 0812 3456 7001 and (021) 5550-1234"))
			.isEqualTo("+62 81•-••••-•001 and 0812 •••• •001 and (021) 5•••-•234");
	}

	@Test
	void emailAddressesKeepOnlyTheirFirstLetterAndDomain() {
		assertThat(PersonalData.mask("from rina.kusuma+crm@example.co.id, bcc 6281234567001@s.whatsapp.net"))
			.isEqualTo("from r•••@example.co.id, bcc 6•••@s.whatsapp.net");
	}

	@Test
	void datesTimesAddressesCountsAndIdsStayReadable() {
		String line = "Outlook full sync of staff 12 succeeded in 4521 ms at 2026-11-26 00:39:17 from 192.168.10.254: "
				+ "1100 added, run 9876543 (v0.1.0), id AAMkAGI2TAAA=, 2026-11-26T00:39:17.123Z";
		assertThat(PersonalData.mask(line)).isEqualTo(line);
		assertThat(PersonalData.mask(null)).isNull();
	}

	@Test
	void aLongRunOfDigitsIsMaskedInLinearTime() {
		String digits = "1".repeat(100_000) + "x";
		assertThat(PersonalData.mask(digits)).isEqualTo(digits);
		assertThat(PersonalData.mask("9".repeat(50) + " ")).startsWith("9999•").endsWith("999 ");
		String addressCharacters = "a.".repeat(50_000) + "@";
		assertThat(PersonalData.mask(addressCharacters)).isEqualTo(addressCharacters);
	}

}
