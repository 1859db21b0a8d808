package com.whiskeysocket.crm.contacts;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * {@code POST /api/contacts/merge} and {@code POST /api/contacts/merges/{mergeId}/undo}:
 * the merge and its undo for scripts, as on the pages. Every staff member may merge and
 * undo; both are audited.
 */
@RestController
class ContactMergeApiController {

	private final ContactMerges merges;

	private final ContactJsonReader contacts;

	ContactMergeApiController(ContactMerges merges, ContactJsonReader contacts) {
		this.merges = merges;
		this.contacts = contacts;
	}

	@PostMapping("/api/contacts/merge")
	Map<String, Object> merge(@RequestBody MergeBody body, @AuthenticationPrincipal StaffPrincipal me) {
		if (body == null || body.ids() == null || body.keep() == null) {
			throw MergeRefusedException.invalid("invalid_ids", "merge.invalid.count", ContactMerges.MAX_CONTACTS);
		}
		Map<MergeField, Long> choices = new EnumMap<>(MergeField.class);
		if (body.fields() != null) {
			body.fields()
				.forEach((code, id) -> choices.put(MergeField.parse(code)
					.orElseThrow(() -> MergeRefusedException.invalid("invalid_field", "merge.invalid.field", code)),
						id));
		}
		ContactMerges.Merged merged = merges.merge(
				new ContactMerges.MergeRequest(body.ids(), body.keep(), choices, Boolean.TRUE.equals(body.dryRun())),
				me);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("mergeId", merged.mergeId());
		answer.put("contact", merged.contact());
		return answer;
	}

	@PostMapping("/api/contacts/merges/{mergeId}/undo")
	Map<String, Object> undo(@PathVariable long mergeId, @AuthenticationPrincipal StaffPrincipal me) {
		List<ContactJson> back = new ArrayList<>();
		for (long id : merges.undo(mergeId, me)) {
			contacts.read(id).ifPresent(back::add);
		}
		return Map.of("contacts", back);
	}

	/**
	 * A merge request.
	 *
	 * @param ids two to five contacts
	 * @param keep the one that stays
	 * @param dryRun {@code true} to see the result without saving it
	 * @param fields whose value survives per field ({@code name}, {@code phone},
	 * {@code email}, {@code company}, {@code background}, {@code status}, {@code owner}),
	 * where not the default (typed by hand, else the newest)
	 */
	record MergeBody(List<Long> ids, Long keep, Boolean dryRun, Map<String, Long> fields) {
	}

	/** The refusals of the merge endpoints, as JSON. */
	@RestControllerAdvice(assignableTypes = { ContactMergeApiController.class, DuplicatesApiController.class })
	static class MergeApiErrors {

		private final MessageSource messages;

		MergeApiErrors(MessageSource messages) {
			this.messages = messages;
		}

		@ExceptionHandler
		ResponseEntity<Map<String, Object>> refused(MergeRefusedException ex) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("error", ex.error());
			body.put("message", messages.getMessage(ex.messageCode(), ex.args(), LocaleContextHolder.getLocale()));
			return ResponseEntity.status(ex.status()).body(body);
		}

		@ExceptionHandler
		ResponseEntity<Map<String, Object>> unreadable(
				org.springframework.http.converter.HttpMessageNotReadableException ex) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("error", "invalid_json");
			body.put("message", messages.getMessage("merge.invalid.json", null, LocaleContextHolder.getLocale()));
			return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(body);
		}

	}

}
