package com.whiskeysocket.crm.contacts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/contacts/duplicates} and {@code POST /api/contacts/duplicates/dismiss}:
 * the suggestions of the duplicates page, for scripts.
 */
@RestController
class DuplicatesApiController {

	private final DuplicateSuggestions suggestions;

	DuplicatesApiController(DuplicateSuggestions suggestions) {
		this.suggestions = suggestions;
	}

	/**
	 * One page of clusters; the {@code Link} header names the next one, if any.
	 * @param after where the page starts ({@code 0}: the first)
	 * @return {@code [{"ids": [...], "reasons": [{"reason", "detail"}]}]}
	 */
	@GetMapping("/api/contacts/duplicates")
	ResponseEntity<List<Map<String, Object>>> duplicates(@RequestParam(name = "after", defaultValue = "0") long after) {
		DuplicateSuggestions.Page page = suggestions.clusters(Math.max(after, 0));
		List<Map<String, Object>> clusters = page.clusters().stream().map((cluster) -> {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("ids", cluster.ids());
			json.put("reasons", cluster.reasons());
			return json;
		}).toList();
		ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
		if (page.next() != null) {
			answer.header("Link", "</api/contacts/duplicates?after=" + page.next() + ">; rel=\"next\"");
		}
		return answer.body(clusters);
	}

	@PostMapping("/api/contacts/duplicates/dismiss")
	Map<String, Object> dismiss(@RequestBody DismissBody body) {
		int dismissed = suggestions.dismiss((body != null && body.ids() != null) ? body.ids() : List.of());
		return Map.of("dismissed", dismissed);
	}

	/**
	 * Contacts that are not one person.
	 *
	 * @param ids two (or more) contacts
	 */
	record DismissBody(List<Long> ids) {
	}

}
