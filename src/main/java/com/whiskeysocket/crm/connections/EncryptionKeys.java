package com.whiskeysocket.crm.connections;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.StringUtils;

/**
 * Where the token key comes from: {@code CRM_ENCRYPTION_KEY}; or, on the embedded H2
 * database only, a key generated once into {@code ./data/encryption.key} (with a
 * warning), so the zero-setup start still keeps tokens encrypted. An external database
 * without a key gets no key: every provider then stays "not configured" rather than
 * storing tokens unprotected. {@code CRM_ENCRYPTION_PREVIOUS_KEYS} lists keys that only
 * open tokens sealed before a rotation.
 */
final class EncryptionKeys {

	private static final Logger log = LoggerFactory.getLogger(EncryptionKeys.class);

	static final Path GENERATED_KEY_FILE = Path.of("data", "encryption.key");

	private EncryptionKeys() {
	}

	static Optional<SecretKey> resolve(String configuredKey, String datasourceUrl) {
		if (StringUtils.hasText(configuredKey)) {
			return Optional.of(parse(configuredKey.strip()));
		}
		if (datasourceUrl != null && datasourceUrl.startsWith("jdbc:h2:mem:")) {
			log.warn("CRM_ENCRYPTION_KEY is not set: using a throw-away key for this in-memory database");
			return Optional.of(generate());
		}
		if (datasourceUrl != null && datasourceUrl.startsWith("jdbc:h2:file:")) {
			return Optional.of(fromGeneratedFile());
		}
		log.error("CRM_ENCRYPTION_KEY is not set, so connection tokens cannot be stored and Outlook and Google stay "
				+ "disabled. " + "Generate one with `openssl rand -base64 32` and put it in .env");
		return Optional.empty();
	}

	/**
	 * The keys of {@code CRM_ENCRYPTION_PREVIOUS_KEYS}, comma separated, in order.
	 * @param commaSeparated the setting, may be blank
	 * @return the keys
	 */
	static List<SecretKey> previous(String commaSeparated) {
		List<SecretKey> keys = new ArrayList<>();
		if (StringUtils.hasText(commaSeparated)) {
			for (String key : commaSeparated.split(",")) {
				if (!key.isBlank()) {
					keys.add(parse(key.strip(), "CRM_ENCRYPTION_PREVIOUS_KEYS"));
				}
			}
		}
		return keys;
	}

	static SecretKey parse(String base64) {
		return parse(base64, "CRM_ENCRYPTION_KEY");
	}

	private static SecretKey parse(String base64, String setting) {
		byte[] bytes;
		try {
			bytes = base64.contains("-") || base64.contains("_") ? Base64.getUrlDecoder().decode(base64)
					: Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(setting + " is not valid base64");
		}
		if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
			throw new IllegalStateException(
					setting + " must be 16, 24 or 32 bytes of base64 (openssl rand -base64 32), not " + bytes.length);
		}
		return new SecretKeySpec(bytes, "AES");
	}

	private static SecretKey fromGeneratedFile() {
		try {
			if (Files.exists(GENERATED_KEY_FILE)) {
				return parse(Files.readString(GENERATED_KEY_FILE, StandardCharsets.US_ASCII).strip());
			}
			SecretKey key = generate();
			Files.createDirectories(GENERATED_KEY_FILE.getParent());
			Files.writeString(GENERATED_KEY_FILE, Base64.getEncoder().encodeToString(key.getEncoded()) + "\n",
					StandardCharsets.US_ASCII);
			restrictToOwner(GENERATED_KEY_FILE);
			log.warn(
					"CRM_ENCRYPTION_KEY is not set: generated a key for connection tokens into {}. Back it up with "
							+ "the database, or set CRM_ENCRYPTION_KEY; without it every staff member must reconnect.",
					GENERATED_KEY_FILE.toAbsolutePath());
			return key;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read or write " + GENERATED_KEY_FILE.toAbsolutePath(), ex);
		}
	}

	private static void restrictToOwner(Path file) {
		try {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException | IOException ex) {
			// not a POSIX file system (Windows): the data folder's own permissions apply
		}
	}

	private static SecretKey generate() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return new SecretKeySpec(bytes, "AES");
	}

}
