package com.whiskeysocket.crm.outlook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Authenticated encryption of tokens at rest: AES-GCM with a random 96-bit nonce per
 * value and the row and column as associated data, so a ciphertext copied into another
 * user's row or column does not decrypt.
 */
class TokenCipher {

	private static final String PREFIX = "v1:";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKey key;

	private final SecureRandom random = new SecureRandom();

	TokenCipher(SecretKey key) {
		this.key = key;
	}

	String encrypt(String plaintext, String context) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			random.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			return PREFIX + Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/**
	 * Decrypts a value written by {@link #encrypt}.
	 * @throws UndecryptableTokenException if the key is wrong or the value was altered
	 */
	String decrypt(String stored, String context) {
		if (stored == null || !stored.startsWith(PREFIX)) {
			throw new UndecryptableTokenException();
		}
		try {
			byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
			if (all.length < NONCE_BYTES + TAG_BITS / 8) {
				throw new UndecryptableTokenException();
			}
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException | ProviderException ex) {
			throw new UndecryptableTokenException();
		}
	}

	/** A stored token that this key cannot open: the connection must be made again. */
	static class UndecryptableTokenException extends RuntimeException {

		UndecryptableTokenException() {
			super("stored Outlook token cannot be decrypted with the configured CRM_ENCRYPTION_KEY");
		}

	}

}
