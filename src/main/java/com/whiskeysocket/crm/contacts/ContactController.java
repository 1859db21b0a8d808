package com.whiskeysocket.crm.contacts;

import java.util.List;

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

	/** The labels the forms offer; a source's own label is kept as it is. */
	private static final List<String> PHONE_LABELS = List.of("mobile", "work", "home", "main", "other");

	private static final List<String> EMAIL_LABELS = List.of("work", "home", "other");

	private final ContactService service;

	private final ContactFeed feed;

	ContactController(ContactService service, ContactFeed feed) {
		this.service = service;
		this.feed = feed;
	}

	@ModelAttribute("leadStatuses")
	LeadStatus[] leadStatuses() {
		return LeadStatus.values();
	}

	@GetMapping("/contacts")
	String list(ContactSearch.Filters filters, @AuthenticationPrincipal StaffPrincipal me, Model model) {
		ContactSearch search = ContactSearch.from(filters, me.id());
		// before the list is read: a change between the two is shown once more, never
		// lost
		model.addAttribute("liveSince", feed.now().encode());
		model.addAttribute("search", search);
		model.addAttribute("contacts", service.search(search));
		model.addAttribute("sources", SourceFilter.values());
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
	String create(@Valid @ModelAttribute ContactForm contactForm, BindingResult result,
			@RequestParam(name = "rows", required = false) String rows, Model model, RedirectAttributes redirect) {
		if (rows != null) {
			return withRows(contactForm, rows, model, null);
		}
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
			@RequestParam(name = "version", required = false) String sentVersion,
			@RequestParam(name = "rows", required = false) String rows, Model model, RedirectAttributes redirect,
			HttpServletResponse response) {
		// a refused form keeps the version it was loaded with, whatever else failed
		model.addAttribute("formVersion", sentVersion);
		if (rows != null) {
			return withRows(contactForm, rows, model, id);
		}
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
	 * A row added or removed: the form again, as typed, without errors yet and nothing
	 * saved.
	 */
	private String withRows(ContactForm form, String rows, Model model, Long id) {
		model.asMap().remove(BindingResult.MODEL_KEY_PREFIX + "contactForm");
		model.addAttribute("contactForm", form.withRows(rows));
		return form(model, id);
	}

	/**
	 * The numbers and the owner are checked with the annotated fields: all errors at
	 * once.
	 */
	private void check(ContactForm form, Long id, BindingResult result, Model model) {
		service.checkPhones(form, id).forEach((ex) -> rejectPhone(result, ex, model));
		if (!service.isOwner(form.ownerId())) {
			result.rejectValue("ownerId", "typeMismatch");
		}
	}

	private String form(Model model, Long id) {
		model.addAttribute("contactId", id);
		// a form that could not be bound (a status not in the list) still shows its rows
		Object bound = model.getAttribute("contactForm");
		model.addAttribute("rowsForm", (bound != null) ? bound : ContactForm.empty(0));
		model.addAttribute("phoneLabels", PHONE_LABELS);
		model.addAttribute("emailLabels", EMAIL_LABELS);
		if (id != null) {
			// the title names the contact as saved, not as typed into a refused form
			model.addAttribute("contactName",
					service.row(id).map(ContactRow::name).orElseThrow(ContactController::notFound));
		}
		model.addAttribute("staffMembers", service.staff());
		return FORM_VIEW;
	}

	/** A refused number, at its row; one that is someone's links to that person. */
	private static void rejectPhone(BindingResult result, PhoneRejectedException ex, Model model) {
		result.rejectValue("phones[" + ex.index() + "].number", ex.messageCode(), new Object[] { ex.owner() }, null);
		if (ex.ownerId() != null && !model.containsAttribute("duplicateId")) {
			model.addAttribute("duplicateId", ex.ownerId());
			model.addAttribute("duplicateRow", ex.index());
		}
	}

	static ResponseStatusException notFound() {
		return new ResponseStatusException(HttpStatus.NOT_FOUND);
	}

}
