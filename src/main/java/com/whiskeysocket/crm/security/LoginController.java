package com.whiskeysocket.crm.security;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class LoginController {

	@GetMapping("/login")
	String login(@AuthenticationPrincipal StaffPrincipal staff,
			@RequestParam(name = "locked", required = false) Long lockedSeconds, Model model) {
		if (staff != null) {
			return "redirect:/contacts";
		}
		if (lockedSeconds != null && lockedSeconds > 0) {
			boolean minutes = lockedSeconds > 90;
			model.addAttribute("lockedFor", minutes ? (lockedSeconds + 59) / 60 : lockedSeconds);
			model.addAttribute("lockedUnit", minutes ? "minutes" : "seconds");
		}
		return "login";
	}

}
