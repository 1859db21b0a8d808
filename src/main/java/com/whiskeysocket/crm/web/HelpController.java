package com.whiskeysocket.crm.web;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The guides from {@code docs/}, as pages in the layout; the operators' guides for admins
 * only.
 */
@Controller
class HelpController {

	private final HelpPages pages;

	HelpController(HelpPages pages) {
		this.pages = pages;
	}

	@GetMapping("/help")
	String index() {
		return "redirect:/help/user-guide";
	}

	@GetMapping("/help/{name}")
	String guide(@PathVariable String name, Locale locale, HttpServletRequest request, Model model) {
		// the operators' guides are not there for staff who are not admins
		if (pages.forAdminsOnly(name) && !request.isUserInRole("ADMIN")) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		model.addAttribute("guide",
				pages.guide(name, locale).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
		return "help/page";
	}

}
