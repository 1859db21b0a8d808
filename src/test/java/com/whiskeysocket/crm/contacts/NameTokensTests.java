package com.whiskeysocket.crm.contacts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NameTokensTests {

	@Test
	void aNameIsItsLowerCaseWordsWithoutAccentsSplitAtAnythingButLettersAndDigits() {
		assertThat(NameTokens.of("Sri-Wahyuni  SANTOSO (Toko 88)")).containsExactly("sri", "wahyuni", "santoso", "toko",
				"88");
		assertThat(NameTokens.of("José Müller")).containsExactly("jose", "muller");
		assertThat(NameTokens.of("Budi budi")).containsExactly("budi");
		assertThat(NameTokens.of("王小明")).containsExactly("王小明");
	}

	@Test
	void noNameOrOnlySignsHasNoWords() {
		assertThat(NameTokens.of(null)).isEmpty();
		assertThat(NameTokens.of("  ")).isEmpty();
		assertThat(NameTokens.of("!!! --")).isEmpty();
	}

	@Test
	void aVeryLongWordIsCutToWhatTheColumnHolds() {
		assertThat(NameTokens.of("a".repeat(100))).singleElement()
			.satisfies((word) -> assertThat(word).hasSize(NameTokens.MAX_LENGTH));
	}

}
