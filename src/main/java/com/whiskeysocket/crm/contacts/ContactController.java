package com.whiskeysocket.crm.contacts;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
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
	String list(@RequestParam(name = "q", required = false) String query, @RequestParam(required = false) String source,
			@RequestParam(required = false) String page, @RequestParam(required = false) String sort, Model model) {
		ContactSearch search = ContactSearch.from(query, source, page, sort);
		ContactQueries.ContactPage contacts = service.search(search);
		model.addAttribute("search", search);
		model.addAttribute("contacts", contacts);
		model.addAttribute("sources", Source.values());
		return "contacts/list";
	}

	@GetMapping("/contacts/new")
	String newForm(Model model) {
		model.addAttribute("contactForm", ContactForm.empty());
		return FORM_VIEW;
	}

	@PostMapping("/contacts")
	String create(@Valid @ModelAttribute ContactForm contactForm, BindingResult result, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return FORM_VIEW;
		}
		try {
			service.create(contactForm);
		}
		catch (PhoneRejectedException ex) {
			rejectPhone(result, ex);
			return FORM_VIEW;
		}
		redirect.addFlashAttribute("flashMessage", "contact.added");
		return "redirect:/contacts";
	}

	@GetMapping("/contacts/{id}/edit")
	String editForm(@PathVariable long id, Model model) {
		model.addAttribute("contactForm", service.form(id).orElseThrow(ContactController::notFound));
		model.addAttribute("contactId", id);
		return FORM_VIEW;
	}

	@PostMapping("/contacts/{id}")
	String update(@PathVariable long id, @Valid @ModelAttribute ContactForm contactForm, BindingResult result,
			Model model, RedirectAttributes redirect) {
		model.addAttribute("contactId", id);
		if (result.hasErrors()) {
			return FORM_VIEW;
		}
		try {
			if (!service.update(id, contactForm)) {
				throw notFound();
			}
		}
		catch (PhoneRejectedException ex) {
			rejectPhone(result, ex);
			return FORM_VIEW;
		}
		redirect.addFlashAttribute("flashMessage", "contact.updated");
		return "redirect:/contacts";
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

	private static void rejectPhone(BindingResult result, PhoneRejectedException ex) {
		result.rejectValue("phone", ex.messageCode(), new Object[] { ex.owner() }, null);
	}

	private static ResponseStatusException notFound() {
		return new ResponseStatusException(HttpStatus.NOT_FOUND);
	}

}
