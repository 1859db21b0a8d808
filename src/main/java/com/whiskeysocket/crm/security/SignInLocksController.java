package com.whiskeysocket.crm.security;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An admin ends a sign-in lock from the Staff page (admins only, as all of
 * {@code /staff/**}).
 */
@Controller
class SignInLocksController {

	private final SignInThrottle throttle;

	SignInLocksController(SignInThrottle throttle) {
		this.throttle = throttle;
	}

	@PostMapping("/staff/locks/unlock")
	String unlock(@RequestParam String key, RedirectAttributes redirect) {
		if (throttle.unlock(key)) {
			redirect.addFlashAttribute("flashMessage", "staff.unlocked");
		}
		return "redirect:/staff";
	}

}
