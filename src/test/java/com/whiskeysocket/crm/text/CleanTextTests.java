package com.whiskeysocket.crm.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CleanTextTests {

	@Test
	void zeroWidthAndInvisibleOnlyTextBecomesEmpty() {
		assertThat(CleanText.line("\u200B\u200C\u200D\u2060\uFEFF")).isEmpty();
		assertThat(CleanText.line(" \u00A0\u3000\u3164\u2800 ")).isEmpty();
		assertThat(CleanText.line(null)).isNull();
	}

	@Test
	void controlCharactersAreRemovedAndLineBreaksBecomeSpacesInALine() {
		assertThat(CleanText.line("Ri\u0000na\u0007\u001B\u007F\u0085 Kusuma")).isEqualTo("Rina Kusuma");
		assertThat(CleanText.line("Rina\r\nKusuma\tJakarta\u2028x")).isEqualTo("Rina Kusuma Jakarta x");
	}

	@Test
	void multiLineTextKeepsNewlinesAndTabsAsLf() {
		assertThat(CleanText.lines("a\r\nb\rc\nd\te\u0007\u000B")).isEqualTo("a\nb\nc\nd\te");
	}

	@Test
	void bidiOverridesAndIsolatesAreRemoved() {
		for (char c : new char[] { '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068',
				'\u2069' }) {
			assertThat(CleanText.line("Rina" + c + "exe.txt")).isEqualTo("Rinaexe.txt");
		}
	}

	@Test
	void decomposedTextIsComposed() {
		String nfd = "Jose\u0301 Nguye\u0302\u0303n";
		assertThat(CleanText.line(nfd)).isEqualTo("Jos\u00E9 Nguy\u1EC5n");
		// a combining mark separated from its letter by a zero-width space joins it
		assertThat(CleanText.line("e\u200B\u0301")).isEqualTo("\u00E9");
	}

	@Test
	void emojiAndOtherScriptsAreKept() {
		assertThat(CleanText.line("Rina 😀 Kusuma ابراهيم 李")).isEqualTo("Rina 😀 Kusuma ابراهيم 李");
	}

}
