package com.whiskeysocket.crm.staff;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

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

/**
 * The admin's page for adding staff accounts, changing their role, disabling them (after
 * a confirmation page) and resetting their passwords. The page's list of locked sign-ins
 * and their unlock belong to the {@code security} module ({@code @signInLocks}).
 */
@Controller
class StaffController {

	private static final String VIEW = "staff/list";

	private final StaffService staff;

	private final PasswordPolicy policy;

	StaffController(StaffService staff, PasswordPolicy policy) {
		this.staff = staff;
		this.policy = policy;
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
		policy.validate(staffForm.username(), staffForm.password(), result, "password");
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

	/** Disabling ends the person's sessions at once: the admin confirms it first. */
	@GetMapping("/staff/{id}/disable")
	String confirmDisable(@PathVariable long id, Model model) {
		model.addAttribute("account", account(id));
		return "staff/disable";
	}

	@GetMapping("/staff/{id}/reset-password")
	String confirmReset(@PathVariable long id, Model model) {
		model.addAttribute("account", account(id));
		return "staff/reset-password";
	}

	/**
	 * Shows the one-time password on the answer to the POST itself: never in a redirect's
	 * flash attributes, which the session store would keep in the database.
	 */
	@PostMapping("/staff/{id}/reset-password")
	String reset(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal admin, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		StaffUser account = account(id);
		return staff.resetPassword(id, admin).map((oneTime) -> {
			response.setHeader("Cache-Control", "no-store");
			model.addAttribute("account", account);
			model.addAttribute("oneTimePassword", oneTime);
			return "staff/password-reset";
		}).orElseGet(() -> {
			redirect.addFlashAttribute("flashError", "staff.change.refused");
			return "redirect:/staff";
		});
	}

	@PostMapping("/staff/{id}/disable")
	String disable(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal admin, RedirectAttributes redirect) {
		return change(id, false, admin, redirect, "staff.disabled");
	}

	@PostMapping("/staff/{id}/enable")
	String enable(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal admin, RedirectAttributes redirect) {
		return change(id, true, admin, redirect, "staff.enabled");
	}

	@PostMapping("/staff/{id}/role")
	String changeRole(@PathVariable long id, @RequestParam Role role, @AuthenticationPrincipal StaffPrincipal admin,
			RedirectAttributes redirect) {
		if (staff.changeRole(id, role, admin)) {
			redirect.addFlashAttribute("flashMessage", "staff.roleChanged");
		}
		else {
			redirect.addFlashAttribute("flashError", "staff.change.refused");
		}
		return "redirect:/staff";
	}

	private StaffUser account(long id) {
		return staff.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
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
