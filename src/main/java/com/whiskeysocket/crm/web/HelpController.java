package com.whiskeysocket.crm.web;

import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/** The guides from {@code docs/}, as pages in the layout. */
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
	String guide(@PathVariable String name, Locale locale, Model model) {
		model.addAttribute("guide",
				pages.guide(name, locale).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND)));
		return "help/page";
	}

}
