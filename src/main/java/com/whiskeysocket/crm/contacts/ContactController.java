package com.whiskeysocket.crm.contacts;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The contact list and the add, edit and delete pages. */
@Controller
class ContactController {

	private static final String FORM_VIEW = "contacts/form";

	private final ContactService service;

	ContactController(ContactService service) {
		this.service = service;
	}

	@ModelAttribute("leadStatuses")
	LeadStatus[] leadStatuses() {
		return LeadStatus.values();
	}

	@GetMapping("/contacts")
	String list(ContactSearch.Filters filters, @AuthenticationPrincipal StaffPrincipal me, Model model) {
		ContactSearch search = ContactSearch.from(filters, me.id());
		model.addAttribute("search", search);
		model.addAttribute("contacts", service.search(search));
		model.addAttribute("sources", Source.values());
		model.addAttribute("staffMembers", service.staff());
		model.addAttribute("staffNames", service.staffNames());
		return "contacts/list";
	}

	@GetMapping("/contacts/new")
	String newForm(@AuthenticationPrincipal StaffPrincipal me, Model model) {
		model.addAttribute("contactForm", ContactForm.empty(me.id()));
		return form(model, null);
	}

	@PostMapping("/contacts")
	String create(@Valid @ModelAttribute ContactForm contactForm, BindingResult result, Model model,
			RedirectAttributes redirect) {
		check(contactForm, null, result, model);
		if (result.hasErrors()) {
			return form(model, null);
		}
		long id;
		try {
			id = service.create(contactForm);
		}
		catch (PhoneRejectedException ex) {
			rejectPhone(result, ex, model);
			return form(model, null);
		}
		redirect.addFlashAttribute("flashMessage", "contact.added");
		return "redirect:/contacts/" + id;
	}

	@GetMapping("/contacts/{id}/edit")
	String editForm(@PathVariable long id, Model model) {
		ContactForm loaded = service.form(id).orElseThrow(ContactController::notFound);
		model.addAttribute("contactForm", loaded);
		// the version it was loaded with goes back with the save
		model.addAttribute("formVersion", loaded.version());
		return form(model, id);
	}

	@PostMapping("/contacts/{id}")
	String update(@PathVariable long id, @Valid @ModelAttribute ContactForm contactForm, BindingResult result,
			@RequestParam(name = "version", required = false) String sentVersion, Model model,
			RedirectAttributes redirect, HttpServletResponse response) {
		// a refused form keeps the version it was loaded with, whatever else failed
		model.addAttribute("formVersion", sentVersion);
		check(contactForm, id, result, model);
		if (result.hasErrors()) {
			return form(model, id);
		}
		try {
			if (!service.update(id, contactForm)) {
				throw notFound();
			}
		}
		catch (PhoneRejectedException ex) {
			rejectPhone(result, ex, model);
			return form(model, id);
		}
		catch (EditConflictException ex) {
			// their input stays in the form, now with the current version, so saving
			// it again is "keep my version"; the stored values are shown beside it
			model.addAttribute("formVersion", ex.current().version());
			model.addAttribute("current", ex.current());
			model.addAttribute("differences", service.differences(contactForm, ex.current()));
			response.setStatus(HttpServletResponse.SC_CONFLICT);
			return form(model, id);
		}
		redirect.addFlashAttribute("flashMessage", "contact.updated");
		return "redirect:/contacts/" + id;
	}

	@GetMapping("/contacts/{id}/delete")
	String confirmDelete(@PathVariable long id, Model model) {
		model.addAttribute("contact", service.row(id).orElseThrow(ContactController::notFound));
		return "contacts/delete";
	}

	@PostMapping("/contacts/{id}/delete")
	String delete(@PathVariable long id, RedirectAttributes redirect) {
		if (!service.delete(id)) {
			throw notFound();
		}
		redirect.addFlashAttribute("flashMessage", "contact.deleted");
		return "redirect:/contacts";
	}

	/**
	 * The phone and the owner are checked with the annotated fields: all errors at once.
	 */
	private void check(ContactForm form, Long id, BindingResult result, Model model) {
		service.checkPhone(form.phone(), id).ifPresent((ex) -> rejectPhone(result, ex, model));
		if (!service.isOwner(form.ownerId())) {
			result.rejectValue("ownerId", "typeMismatch");
		}
	}

	private String form(Model model, Long id) {
		model.addAttribute("contactId", id);
		if (id != null) {
			// the title names the contact as saved, not as typed into a refused form
			model.addAttribute("contactName",
					service.row(id).map(ContactRow::name).orElseThrow(ContactController::notFound));
		}
		model.addAttribute("staffMembers", service.staff());
		return FORM_VIEW;
	}

	private static void rejectPhone(BindingResult result, PhoneRejectedException ex, Model model) {
		result.rejectValue("phone", ex.messageCode(), new Object[] { ex.owner() }, null);
		if (ex.ownerId() != null) {
			model.addAttribute("duplicateId", ex.ownerId());
		}
	}

	static ResponseStatusException notFound() {
		return new ResponseStatusException(HttpStatus.NOT_FOUND);
	}

}
