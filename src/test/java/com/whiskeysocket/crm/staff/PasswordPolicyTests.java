package com.whiskeysocket.crm.staff;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.whiskeysocket.crm.staff.PasswordPolicy.Violation;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPolicyTests {

	private final PasswordPolicy policy = new PasswordPolicy();

	@Test
	void acceptsTwelveToOneHundredTwentyEightCharacters() {
		assertThat(policy.check("sari", "x7#kq-2mv!p9")).isEmpty();
		assertThat(policy.check("sari", "k".repeat(60) + "q2".repeat(34))).isEmpty();
		assertThat(policy.check("sari", "x7#kq-2mv!p")).contains(Violation.LENGTH);
		assertThat(policy.check("sari", "k".repeat(61) + "q2".repeat(34))).contains(Violation.LENGTH);
		assertThat(policy.check("sari", null)).contains(Violation.LENGTH);
	}

	@Test
	void countsCharactersNotBytesOrUtf16Units() {
		// 128 code points: 64 emoji (4 bytes in UTF-8, 2 UTF-16 units each) and 64 more,
		// many of them 2 or 3 bytes in UTF-8
		String mixed = "🙂".repeat(64) + firstCodePoints("kopi susu gula aren ñ é ü ğ ş ı 日本語 ".repeat(3), 64);
		assertThat(mixed.codePointCount(0, mixed.length())).isEqualTo(128);
		assertThat(policy.check("sari", mixed)).isEmpty();
		assertThat(policy.check("sari", mixed + "x")).contains(Violation.LENGTH);
		assertThat(policy.check("sari", "é".repeat(6) + "kopi-s")).isEmpty();
	}

	static String firstCodePoints(String text, int count) {
		return text.codePoints()
			.limit(count)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
	}

	@Test
	void refusesTheUsernameAndDoesNotCountItTowardsTheLength() {
		assertThat(policy.check("sari.dewi.sales", "sari.dewi.sales")).contains(Violation.USERNAME);
		assertThat(policy.check("sari.dewi.sales", "SARI.DEWI.SALES")).contains(Violation.USERNAME);
		assertThat(policy.check("sari", "Sari12345678")).contains(Violation.USERNAME);
		assertThat(policy.check("sari", "sari-sari-sari-sari")).contains(Violation.USERNAME);
		assertThat(policy.check("sari", "sari minum kopi tubruk pagi")).isEmpty();
		assertThat(policy.check("admin", "admin-password-for-tests")).isEmpty();
	}

	@Test
	void refusesCommonPasswordsIgnoringCaseAndTrailingPunctuation() {
		assertThat(policy.check("sari", "1qaz2wsx3edc")).contains(Violation.COMMON);
		assertThat(policy.check("sari", "Password1234")).contains(Violation.COMMON);
		assertThat(policy.check("sari", "password1234!!")).contains(Violation.COMMON);
		assertThat(policy.check("sari", "Bismillah123")).contains(Violation.COMMON);
		assertThat(policy.check("sari", "password1234x")).isEmpty();
	}

	@Test
	void refusesOneShortPieceRepeated() {
		assertThat(policy.check("sari", "aaaaaaaaaaaa")).contains(Violation.COMMON);
		assertThat(policy.check("sari", "abcabcabcabc")).contains(Violation.COMMON);
		assertThat(policy.check("sari", "12341234123412341234")).contains(Violation.COMMON);
		assertThat(policy.check("sari", "abcabcabcabd")).isEmpty();
	}

	@Test
	void eachViolationHasAMessageKeyAndAnEnglishRule() {
		for (Violation violation : Violation.values()) {
			assertThat(violation.code()).startsWith("password.");
			assertThat(violation.rule()).isNotBlank();
		}
		assertThat(Optional.of(Violation.LENGTH).map(Violation::rule)).contains("must have 12 to 128 characters");
	}

}
