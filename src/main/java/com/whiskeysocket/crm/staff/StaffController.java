package com.whiskeysocket.crm.staff;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The admin's page for adding and disabling staff accounts. */
@Controller
class StaffController {

	private static final String VIEW = "staff/list";

	private final StaffService staff;

	private final SignInThrottle throttle;

	StaffController(StaffService staff, SignInThrottle throttle) {
		this.staff = staff;
		this.throttle = throttle;
	}

	@ModelAttribute("locks")
	List<SignInThrottle.Lock> locks() {
		return throttle.locks(Instant.now());
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

	@PostMapping("/staff/locks/unlock")
	String unlock(@RequestParam String key, RedirectAttributes redirect) {
		if (throttle.unlock(key)) {
			redirect.addFlashAttribute("flashMessage", "staff.unlocked");
		}
		return "redirect:/staff";
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
