package com.whiskeysocket.crm.contacts;

import java.util.List;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Changes to many contacts at once: the ticked ones ({@code ids}) or all matching the
 * list's filters ({@code allMatching=true} with {@code q}, {@code source},
 * {@code status}, {@code owner}). Deleting asks first, naming the count.
 */
@Controller
class ContactBulkController {

	/** More ticked boxes than this are not a page of the list. */
	private static final int MAX_IDS = 1_000;

	private final ContactService service;

	ContactBulkController(ContactService service) {
		this.service = service;
	}

	@PostMapping("/contacts/bulk")
	String bulk(ContactSearch.Filters filters, @RequestParam(required = false) List<Long> ids,
			@RequestParam(defaultValue = "false") boolean allMatching, @RequestParam String action,
			@RequestParam(required = false) String newStatus, @RequestParam(required = false) String assignTo,
			@AuthenticationPrincipal StaffPrincipal me, Model model, RedirectAttributes redirect) {
		ContactSelections.Selection selection = selection(filters, ids, allMatching, me);
		if (!allMatching && selection.ids().isEmpty()) {
			redirect.addFlashAttribute("flashError", "bulk.nothingSelected");
			return backToList(filters, redirect);
		}
		switch (action) {
			case "status" -> {
				LeadStatus status = LeadStatus.parse(newStatus).orElseThrow(ContactPageController::badRequest);
				redirect.addFlashAttribute("flashMessage", "bulk.statusSet");
				redirect.addFlashAttribute("flashArgs", new Object[] { service.setStatus(selection, status) });
			}
			case "owner" -> {
				Long ownerId = ContactPageController.parseOwner(assignTo);
				if (!service.isOwner(ownerId)) {
					throw ContactPageController.badRequest();
				}
				redirect.addFlashAttribute("flashMessage", "bulk.ownerSet");
				redirect.addFlashAttribute("flashArgs", new Object[] { service.setOwner(selection, ownerId) });
			}
			case "delete" -> {
				model.addAttribute("count", service.count(selection));
				model.addAttribute("ids", selection.ids());
				model.addAttribute("allMatching", allMatching);
				model.addAttribute("search", selection.search());
				return "contacts/bulk-delete";
			}
			default -> throw ContactPageController.badRequest();
		}
		return backToList(filters, redirect);
	}

	@PostMapping("/contacts/bulk/delete")
	String delete(ContactSearch.Filters filters, @RequestParam(required = false) List<Long> ids,
			@RequestParam(defaultValue = "false") boolean allMatching, @AuthenticationPrincipal StaffPrincipal me,
			RedirectAttributes redirect) {
		int deleted = service.delete(selection(filters, ids, allMatching, me));
		redirect.addFlashAttribute("flashMessage", "bulk.deleted");
		redirect.addFlashAttribute("flashArgs", new Object[] { deleted });
		return backToList(filters, redirect);
	}

	static ContactSelections.Selection selection(ContactSearch.Filters filters, List<Long> ids, boolean allMatching,
			StaffPrincipal me) {
		List<Long> ticked = (ids != null) ? ids.stream().distinct().toList() : List.of();
		if (ticked.size() > MAX_IDS) {
			throw ContactPageController.badRequest();
		}
		return new ContactSelections.Selection(allMatching ? List.of() : ticked, allMatching,
				ContactSearch.from(filters, me.id()));
	}

	/**
	 * Back to the list as it was filtered; the parameters are encoded by the redirect.
	 */
	static String backToList(ContactSearch.Filters filters, RedirectAttributes redirect) {
		add(redirect, "q", filters.q());
		add(redirect, "source", filters.source());
		add(redirect, "status", filters.status());
		add(redirect, "owner", filters.owner());
		add(redirect, "sort", filters.sort());
		return "redirect:/contacts";
	}

	private static void add(RedirectAttributes redirect, String name, String value) {
		if (value != null && !value.isBlank()) {
			redirect.addAttribute(name, value);
		}
	}

}
