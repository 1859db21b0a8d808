package com.whiskeysocket.crm.contacts;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The contacts JSON API, for scripts with an API token and for the pages' own scripts
 * (session and CSRF header). Staff see and change every contact, as on the pages. Errors
 * are answered by {@link ContactApiErrors}.
 */
@RestController
@Tag(name = "Contacts", description = "Read, add, change and delete contacts; see docs/api.md")
class ContactApiController {

	private static final String BASE = "/api/contacts";

	private final ContactApiService service;

	ContactApiController(ContactApiService service) {
		this.service = service;
	}

	@GetMapping(BASE)
	@Operation(summary = "Contacts matching a search, one page at a time",
			responses = { @ApiResponse(responseCode = "200"),
					@ApiResponse(responseCode = "400", description = "a parameter is not valid; `errors` names each",
							content = @Content(schema = @Schema(implementation = ContactApiErrors.Invalid.class))) })
	ContactJson.Page list(@ParameterObject ContactListRequest request, @AuthenticationPrincipal StaffPrincipal me) {
		return service.list(request, me.id());
	}

	@GetMapping(BASE + "/changes")
	@Operation(summary = "Contacts written since a cursor: by anyone, any sync, on any node",
			description = "Without `since`: no items and the cursor of now. With it: each contact written since, "
					+ "once, as it is now, or `{\"id\": 7, \"deleted\": true}`, and the cursor to send next time. "
					+ "`more`: ask again at once. A cursor survives restarts and works on every node.",
			responses = { @ApiResponse(responseCode = "200"),
					@ApiResponse(responseCode = "400", description = "`since` is not a cursor this endpoint gave",
							content = @Content(schema = @Schema(implementation = ContactApiErrors.Error.class))) })
	ContactJson.Changes changes(@Parameter(description = "the `cursor` of the previous answer") @RequestParam(
			required = false) String since) {
		return service.changes(since);
	}

	@GetMapping(BASE + "/{id}")
	@Operation(summary = "One contact; its version is also the ETag",
			responses = { @ApiResponse(responseCode = "200"), @ApiResponse(responseCode = "404",
					content = @Content(schema = @Schema(implementation = ContactApiErrors.Error.class))) })
	ResponseEntity<ContactJson> get(@PathVariable long id) {
		return withTag(ResponseEntity.ok(), service.find(id).orElseThrow(ContactNotFoundException::new));
	}

	@PostMapping(BASE)
	@Operation(summary = "Adds a contact",
			responses = { @ApiResponse(responseCode = "201", description = "added; `Location` is its URL"),
					@ApiResponse(responseCode = "400", description = "fields not valid; `errors` names each",
							content = @Content(schema = @Schema(implementation = ContactApiErrors.Invalid.class))),
					@ApiResponse(responseCode = "409", description = "a number belongs to another contact, `id`",
							content = @Content(schema = @Schema(implementation = ContactApiErrors.Taken.class))) })
	ResponseEntity<ContactJson> create(
			@RequestBody(required = false) @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(schema = @Schema(implementation = ContactJson.Input.class))) JsonNode body,
			@AuthenticationPrincipal StaffPrincipal me) {
		ContactJson created = service.create(ContactRequest.read(body), me.id());
		return withTag(ResponseEntity.created(URI.create(BASE + "/" + created.id())), created);
	}

	@PatchMapping(BASE + "/{id}")
	@Operation(summary = "Changes the fields sent; `phones` and `emails` replace the lists",
			responses = { @ApiResponse(responseCode = "200"),
					@ApiResponse(responseCode = "400", description = "fields not valid; `errors` names each",
							content = @Content(schema = @Schema(implementation = ContactApiErrors.Invalid.class))),
					@ApiResponse(responseCode = "404",
							content = @Content(schema = @Schema(implementation = ContactApiErrors.Error.class))),
					@ApiResponse(responseCode = "409", description = "a number belongs to another contact, `id`",
							content = @Content(schema = @Schema(implementation = ContactApiErrors.Taken.class))),
					@ApiResponse(responseCode = "412", description = "the contact changed since; nothing saved",
							content = @Content(schema = @Schema(implementation = ContactApiErrors.Stale.class))) })
	ResponseEntity<ContactJson> update(@PathVariable long id,
			@Parameter(description = "the version read, in quotes: \"3\"") @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) String ifMatch,
			@RequestBody(required = false) @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(schema = @Schema(implementation = ContactJson.Input.class))) JsonNode body) {
		ContactRequest request = ContactRequest.read(body);
		return withTag(ResponseEntity.ok(),
				service.update(id, request, IfMatch.parse(ifMatch)).orElseThrow(ContactNotFoundException::new));
	}

	@DeleteMapping(BASE + "/{id}")
	@Operation(summary = "Deletes a contact with its notes",
			responses = { @ApiResponse(responseCode = "204"),
					@ApiResponse(responseCode = "404",
							content = @Content(schema = @Schema(implementation = ContactApiErrors.Error.class))),
					@ApiResponse(responseCode = "412", description = "`If-Match` names another version",
							content = @Content(schema = @Schema(implementation = ContactApiErrors.Stale.class))) })
	ResponseEntity<Void> delete(@PathVariable long id,
			@Parameter(description = "optional: the version read") @RequestHeader(name = HttpHeaders.IF_MATCH,
					required = false) String ifMatch) {
		if (!service.delete(id, IfMatch.parse(ifMatch))) {
			throw new ContactNotFoundException();
		}
		return ResponseEntity.noContent().build();
	}

	private static ResponseEntity<ContactJson> withTag(ResponseEntity.BodyBuilder response, ContactJson contact) {
		return response.eTag(IfMatch.tagOf(contact.version())).body(contact);
	}

	/** No such contact. */
	static class ContactNotFoundException extends RuntimeException {

		ContactNotFoundException() {
			super(null, null, false, false);
		}

	}

}
