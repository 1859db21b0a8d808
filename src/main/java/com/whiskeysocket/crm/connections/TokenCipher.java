package com.whiskeysocket.crm.connections;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Authenticated encryption of tokens at rest: AES-GCM with a random 96-bit nonce per
 * value and the row and column as associated data, so a ciphertext copied into another
 * user's row or column does not decrypt. Values are sealed with the current key and
 * opened with it or any previous one (key rotation); {@link #open} says which.
 */
class TokenCipher {

	private static final String PREFIX = "v1:";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKey key;

	private final List<SecretKey> previousKeys;

	private final SecureRandom random = new SecureRandom();

	TokenCipher(SecretKey key) {
		this(key, List.of());
	}

	TokenCipher(SecretKey key, List<SecretKey> previousKeys) {
		this.key = key;
		this.previousKeys = List.copyOf(previousKeys);
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
	 * Decrypts a value written by {@link #encrypt}, with the current key or a previous
	 * one.
	 * @throws UndecryptableTokenException if no key opens it or the value was altered
	 */
	String decrypt(String stored, String context) {
		return open(stored, context).plaintext();
	}

	/**
	 * Decrypts a value and says whether it should be sealed again with the current key.
	 * @throws UndecryptableTokenException if no key opens it or the value was altered
	 */
	Opened open(String stored, String context) {
		if (stored == null || !stored.startsWith(PREFIX)) {
			throw new UndecryptableTokenException();
		}
		byte[] all;
		try {
			all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			throw new UndecryptableTokenException();
		}
		if (all.length < NONCE_BYTES + TAG_BITS / 8) {
			throw new UndecryptableTokenException();
		}
		String plaintext = tryOpen(key, all, context);
		if (plaintext != null) {
			return new Opened(plaintext, false);
		}
		for (SecretKey previous : previousKeys) {
			plaintext = tryOpen(previous, all, context);
			if (plaintext != null) {
				return new Opened(plaintext, true);
			}
		}
		throw new UndecryptableTokenException();
	}

	private static String tryOpen(SecretKey candidate, byte[] all, String context) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, candidate, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
			cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
			return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException | ProviderException ex) {
			return null;
		}
	}

	/**
	 * A decrypted value.
	 *
	 * @param plaintext the token
	 * @param stale whether a previous key opened it, so it should be sealed again
	 */
	record Opened(String plaintext, boolean stale) {
	}

	/** A stored token that this key cannot open: the connection must be made again. */
	static class UndecryptableTokenException extends RuntimeException {

		UndecryptableTokenException() {
			super("stored token cannot be decrypted with CRM_ENCRYPTION_KEY or CRM_ENCRYPTION_PREVIOUS_KEYS");
		}

	}

}
