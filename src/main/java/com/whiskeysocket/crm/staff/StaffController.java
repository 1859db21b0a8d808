package com.whiskeysocket.crm.staff;

import jakarta.validation.Valid;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The admin's page for adding and disabling staff accounts. */
@Controller
class StaffController {

	private static final String VIEW = "staff/list";

	private final StaffService staff;

	StaffController(StaffService staff) {
		this.staff = staff;
	}

	@ModelAttribute("roles")
	Role[] roles() {
		return Role.values();
	}

	@GetMapping("/staff")
	String list(Model model) {
		model.addAttribute("staffForm", StaffForm.empty());
		model.addAttribute("accounts", staff.all());
		return VIEW;
	}

	@PostMapping("/staff")
	String create(@Valid @ModelAttribute StaffForm staffForm, BindingResult result, Model model,
			RedirectAttributes redirect) {
		if (!result.hasErrors() && !staff.create(staffForm)) {
			result.rejectValue("username", "staff.username.taken");
		}
		if (result.hasErrors()) {
			model.addAttribute("accounts", staff.all());
			return VIEW;
		}
		redirect.addFlashAttribute("flashMessage", "staff.added");
		return "redirect:/staff";
	}

	@PostMapping("/staff/{id}/disable")
	String disable(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal admin, RedirectAttributes redirect) {
		return change(id, false, admin, redirect, "staff.disabled");
	}

	@PostMapping("/staff/{id}/enable")
	String enable(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal admin, RedirectAttributes redirect) {
		return change(id, true, admin, redirect, "staff.enabled");
	}

	private String change(long id, boolean enabled, StaffPrincipal admin, RedirectAttributes redirect, String message) {
		if (staff.setEnabled(id, enabled, admin)) {
			redirect.addFlashAttribute("flashMessage", message);
		}
		else {
			redirect.addFlashAttribute("flashError", "staff.change.refused");
		}
		return "redirect:/staff";
	}

}
