package com.whiskeysocket.crm.staff;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class LoginController {

	@GetMapping("/login")
	String login(@AuthenticationPrincipal StaffPrincipal staff) {
		return (staff != null) ? "redirect:/contacts" : "login";
	}

}
