package com.whiskeysocket.crm.contacts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * A contact sent to the JSON API that cannot be saved as it is: every wrong field at
 * once, each with the message that says why. Nothing was saved.
 */
class InvalidContactException extends RuntimeException {

	private final Map<String, MessageSourceResolvable> errors;

	InvalidContactException(Map<String, MessageSourceResolvable> errors) {
		super(null, null, false, false);
		this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
	}

	/** The wrong fields ({@code name}, {@code phones[1].number}…) in the order met. */
	Map<String, MessageSourceResolvable> errors() {
		return errors;
	}

	/** Collects field errors, the first one of each field kept. */
	static final class Errors {

		private final Map<String, MessageSourceResolvable> errors = new LinkedHashMap<>();

		Errors() {
		}

		/** Goes on from errors found before. */
		Errors(Map<String, MessageSourceResolvable> found) {
			errors.putAll(found);
		}

		void reject(String field, String code, Object... args) {
			errors.putIfAbsent(field, new DefaultMessageSourceResolvable(new String[] { code }, args));
		}

		/** The errors so far, in the order met. */
		Map<String, MessageSourceResolvable> all() {
			return Collections.unmodifiableMap(new LinkedHashMap<>(errors));
		}

		/**
		 * @throws InvalidContactException if any field was rejected
		 */
		void throwIfAny() {
			if (!errors.isEmpty()) {
				throw new InvalidContactException(errors);
			}
		}

	}

}
