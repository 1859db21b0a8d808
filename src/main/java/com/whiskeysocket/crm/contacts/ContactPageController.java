package com.whiskeysocket.crm.contacts;

import com.whiskeysocket.crm.staff.StaffPrincipal;
import com.whiskeysocket.crm.text.CleanText;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A contact's own page and what changes in place there and in the list: lead status,
 * owner, notes. htmx requests get the changed fragment back; without JavaScript the same
 * forms post and redirect.
 */
@Controller
class ContactPageController {

	private final ContactService service;

	private final ContactMerges merges;

	private final ContactFeed feed;

	private final LostValues lostValues;

	ContactPageController(ContactService service, ContactMerges merges, ContactFeed feed, LostValues lostValues) {
		this.feed = feed;
		this.lostValues = lostValues;
		this.service = service;
		this.merges = merges;
	}

	@GetMapping("/contacts/{id}")
	String show(@PathVariable long id, Model model) {
		model.addAttribute("liveSince", feed.now().encode());
		model.addAttribute("contact", service.view(id).orElseThrow(ContactController::notFound));
		model.addAttribute("leadStatuses", LeadStatus.values());
		model.addAttribute("staffMembers", service.staff());
		model.addAttribute("lastMerge", merges.undoable(id).orElse(null));
		model.addAttribute("lostValues", lostValues.of(id));
		return "contacts/show";
	}

	@PostMapping("/contacts/{id}/status")
	String status(@PathVariable long id, @RequestParam String status,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
			RedirectAttributes redirect) {
		LeadStatus newStatus = LeadStatus.parse(status).orElseThrow(ContactPageController::badRequest);
		ContactRow row = service.setStatus(id, newStatus).orElseThrow(ContactController::notFound);
		return changed(id, row, htmx, "contacts/fragments :: status", model, redirect);
	}

	@PostMapping("/contacts/{id}/owner")
	String owner(@PathVariable long id, @RequestParam(required = false) String owner,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
			RedirectAttributes redirect) {
		Long ownerId = parseOwner(owner);
		if (!service.isOwner(ownerId)) {
			throw badRequest();
		}
		ContactRow row = service.setOwner(id, ownerId).orElseThrow(ContactController::notFound);
		model.addAttribute("staffMembers", service.staff());
		return changed(id, row, htmx, "contacts/fragments :: owner", model, redirect);
	}

	@PostMapping("/contacts/{id}/notes")
	String addNote(@PathVariable long id, @RequestParam(name = "body", required = false) String typed,
			@AuthenticationPrincipal StaffPrincipal me, RedirectAttributes redirect) {
		String body = CleanText.lines(typed);
		if (body == null || body.isBlank() || body.length() > ContactNote.MAX_LENGTH) {
			redirect.addFlashAttribute("flashError", "note.invalid");
		}
		else if (service.addNote(id, me, body)) {
			redirect.addFlashAttribute("flashMessage", "note.added");
		}
		else {
			throw ContactController.notFound();
		}
		return "redirect:/contacts/" + id + "#notes";
	}

	private static String changed(long id, ContactRow row, String htmx, String fragment, Model model,
			RedirectAttributes redirect) {
		if (htmx != null) {
			model.addAttribute("c", row);
			model.addAttribute("leadStatuses", LeadStatus.values());
			model.addAttribute("saved", true);
			return fragment;
		}
		redirect.addFlashAttribute("flashMessage", "contact.updated");
		return "redirect:/contacts/" + id;
	}

	static Long parseOwner(String owner) {
		if (owner == null || owner.isBlank()) {
			return null;
		}
		try {
			return Long.valueOf(owner);
		}
		catch (NumberFormatException ex) {
			throw badRequest();
		}
	}

	static ResponseStatusException badRequest() {
		return new ResponseStatusException(HttpStatus.BAD_REQUEST);
	}

}
