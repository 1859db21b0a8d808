package com.whiskeysocket.crm.connections;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenCipherTests {

	private static final String KEY = Base64.getEncoder().encodeToString("fake-key-fake-key-fake-key-fake!".getBytes());

	private final TokenCipher cipher = new TokenCipher(EncryptionKeys.parse(KEY));

	@Test
	void roundTripsAndNeverRepeatsACiphertext() {
		String first = cipher.encrypt("fake-token", "outlook_tokens:1:access");
		String second = cipher.encrypt("fake-token", "outlook_tokens:1:access");

		assertThat(first).isNotEqualTo(second).doesNotContain("fake-token").startsWith("v1:");
		assertThat(cipher.decrypt(first, "outlook_tokens:1:access")).isEqualTo("fake-token");
	}

	@Test
	void aCiphertextMovedToAnotherRowOrColumnDoesNotDecrypt() {
		String sealed = cipher.encrypt("fake-token", "outlook_tokens:1:access");

		assertThatExceptionOfType(TokenCipher.UndecryptableTokenException.class)
			.isThrownBy(() -> cipher.decrypt(sealed, "outlook_tokens:2:access"));
		assertThatExceptionOfType(TokenCipher.UndecryptableTokenException.class)
			.isThrownBy(() -> cipher.decrypt(sealed, "outlook_tokens:1:refresh"));
	}

	@Test
	void anotherKeyCannotDecrypt() {
		String sealed = cipher.encrypt("fake-token", "ctx");
		TokenCipher other = new TokenCipher(EncryptionKeys
			.parse(Base64.getEncoder().encodeToString("other-key-other-key-other-key-xx".getBytes())));

		assertThatExceptionOfType(TokenCipher.UndecryptableTokenException.class)
			.isThrownBy(() -> other.decrypt(sealed, "ctx"));
	}

	@Test
	void aPreviousKeyStillOpensAndSaysTheValueIsStale() {
		String sealedWithOld = cipher.encrypt("fake-token", "ctx");
		TokenCipher rotated = new TokenCipher(
				EncryptionKeys.parse(Base64.getEncoder().encodeToString("other-key-other-key-other-key-xx".getBytes())),
				java.util.List.of(EncryptionKeys.parse(KEY)));

		assertThat(rotated.open(sealedWithOld, "ctx")).isEqualTo(new TokenCipher.Opened("fake-token", true));
		assertThat(rotated.open(rotated.encrypt("fake-token", "ctx"), "ctx"))
			.isEqualTo(new TokenCipher.Opened("fake-token", false));
	}

	@Test
	void previousKeysAreCommaSeparatedAndValidated() {
		assertThat(EncryptionKeys.previous(" " + KEY + " , " + KEY + ",")).hasSize(2);
		assertThat(EncryptionKeys.previous("")).isEmpty();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> EncryptionKeys.previous("c2hvcnQ="))
			.withMessageContaining("CRM_ENCRYPTION_PREVIOUS_KEYS");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "plaintext-token", "v1:", "v1:!!!not-base64", "v1:AAAA",
			"v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
	void garbageIsUndecryptableNotACrash(String stored) {
		assertThatExceptionOfType(TokenCipher.UndecryptableTokenException.class)
			.isThrownBy(() -> cipher.decrypt(stored, "ctx"));
	}

	@Test
	void tamperedCiphertextIsRefused() {
		String sealed = cipher.encrypt("fake-token", "ctx");
		byte[] bytes = Base64.getDecoder().decode(sealed.substring(3));
		bytes[bytes.length - 1] ^= 1;

		assertThatExceptionOfType(TokenCipher.UndecryptableTokenException.class)
			.isThrownBy(() -> cipher.decrypt("v1:" + Base64.getEncoder().encodeToString(bytes), "ctx"));
	}

}
