package com.whiskeysocket.crm.contacts;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The contacts API's errors as JSON with a stable {@code error} code and a message in the
 * caller's language: {@code invalid_contact} (400, with {@code errors} by field),
 * {@code not_found} (404), {@code number_taken} (409, with the owning contact's
 * {@code id}) and {@code version_mismatch} (412, with the current {@code version}) and
 * {@code invalid_cursor} (400, a {@code since} the change feed did not give).
 */
@RestControllerAdvice(assignableTypes = ContactApiController.class)
class ContactApiErrors {

	private final MessageSource messages;

	ContactApiErrors(MessageSource messages) {
		this.messages = messages;
	}

	@ExceptionHandler
	ResponseEntity<Invalid> invalid(InvalidContactException ex) {
		Map<String, String> errors = new LinkedHashMap<>();
		ex.errors().forEach((field, error) -> errors.put(field, messages.getMessage(error, locale())));
		return ResponseEntity.badRequest().body(new Invalid("invalid_contact", message("contact.api.invalid"), errors));
	}

	@ExceptionHandler
	ResponseEntity<Invalid> unreadable(HttpMessageNotReadableException ex) {
		String message = message("contact.api.notJson");
		return ResponseEntity.badRequest().body(new Invalid("invalid_contact", message, Map.of("body", message)));
	}

	@ExceptionHandler
	ResponseEntity<Error> invalidCursor(InvalidCursorException ex) {
		return ResponseEntity.badRequest().body(new Error("invalid_cursor", message("contact.api.invalidCursor")));
	}

	@ExceptionHandler
	ResponseEntity<Error> notFound(ContactApiController.ContactNotFoundException ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(new Error("not_found", message("contact.api.notFound")));
	}

	/** {@code /api/contacts/abc}: no contact has that id. */
	@ExceptionHandler
	ResponseEntity<Error> notAnId(MethodArgumentTypeMismatchException ex) {
		return notFound(new ContactApiController.ContactNotFoundException());
	}

	@ExceptionHandler
	ResponseEntity<Taken> taken(NumberTakenException ex) {
		PhoneRejectedException duplicate = ex.duplicate();
		String message = messages.getMessage(duplicate.messageCode(), new Object[] { duplicate.owner() }, locale());
		Map<String, String> errors = (ex.field() != null) ? Map.of(ex.field(), message) : Map.of();
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(new Taken("number_taken", message, duplicate.ownerId(), errors));
	}

	@ExceptionHandler
	ResponseEntity<Stale> stale(EditConflictException ex) {
		long version = ex.current().version();
		return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED)
			.header(HttpHeaders.ETAG, IfMatch.tagOf(version))
			.body(new Stale("version_mismatch", message("contact.api.versionMismatch"), version));
	}

	private String message(String code) {
		return messages.getMessage(code, null, locale());
	}

	private static java.util.Locale locale() {
		return LocaleContextHolder.getLocale();
	}

	/**
	 * An error.
	 *
	 * @param error a stable code
	 * @param message what happened, for people
	 */
	record Error(String error, String message) {
	}

	/**
	 * A body or query string that cannot be used.
	 *
	 * @param error {@code invalid_contact}
	 * @param message for people
	 * @param errors each wrong field ({@code name}, {@code phones[1].number}…) with why
	 */
	record Invalid(String error, String message, Map<String, String> errors) {
	}

	/**
	 * A number that belongs to another contact.
	 *
	 * @param error {@code number_taken}
	 * @param message names that contact
	 * @param id that contact's id
	 * @param errors the field that has the number, with the message
	 */
	record Taken(String error, String message, Long id, Map<String, String> errors) {
	}

	/**
	 * A change meant for another version than the stored one; nothing was saved.
	 *
	 * @param error {@code version_mismatch}
	 * @param message for people
	 * @param version the version stored now (also the {@code ETag})
	 */
	record Stale(String error, String message, long version) {
	}

}
