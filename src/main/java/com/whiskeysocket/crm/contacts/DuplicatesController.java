package com.whiskeysocket.crm.contacts;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Possible duplicates": clusters of contacts that may be one person, to merge or
 * dismiss.
 */
@Controller
class DuplicatesController {

	private final DuplicateSuggestions suggestions;

	DuplicatesController(DuplicateSuggestions suggestions) {
		this.suggestions = suggestions;
	}

	@GetMapping("/contacts/duplicates")
	String list(@RequestParam(name = "after", defaultValue = "0") long after, Model model) {
		model.addAttribute("page", suggestions.clusters(Math.max(after, 0)));
		model.addAttribute("after", after);
		return "contacts/duplicates";
	}

	@PostMapping("/contacts/duplicates/dismiss")
	String dismiss(@RequestParam(name = "ids", required = false) List<Long> ids, RedirectAttributes redirect) {
		try {
			suggestions.dismiss((ids != null) ? ids : List.of());
			redirect.addFlashAttribute("flashMessage", "duplicates.dismissed");
		}
		catch (MergeRefusedException ex) {
			redirect.addFlashAttribute("flashError", ex.messageCode());
		}
		return "redirect:/contacts/duplicates";
	}

}
