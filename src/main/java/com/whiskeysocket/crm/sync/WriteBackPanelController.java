package com.whiskeysocket.crm.sync;

import java.util.List;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The sync panel's write-back switch and retry, as forms that work without JavaScript:
 * turning it on without the write consent goes to the provider for it and comes back on.
 */
@Controller
class WriteBackPanelController {

	private final WriteBack writeBack;

	WriteBackPanelController(WriteBack writeBack) {
		this.writeBack = writeBack;
	}

	@PostMapping("/sync/{provider}/write-back")
	String change(@PathVariable String provider, @RequestParam(defaultValue = "false") boolean enabled,
			@AuthenticationPrincipal StaffPrincipal staff, RedirectAttributes redirect) {
		SyncProvider which = provider(provider);
		if (enabled) {
			String consent = writeBack.turnOnFromPanel(staff.id(), which).orElse(null);
			if (consent != null) {
				return "redirect:" + consent;
			}
			redirect.addFlashAttribute("flashMessage", "writeBack.turnedOn");
		}
		else {
			writeBack.turnOff(staff.id(), which);
			redirect.addFlashAttribute("flashMessage", "writeBack.turnedOff");
		}
		return "redirect:/contacts";
	}

	/**
	 * Which contacts are written: the staff member's own or every contact, and optionally
	 * only some lead statuses (none ticked: any). Keeps the switch as it is; a choice
	 * that takes in more contacts fills the address book with them.
	 */
	@PostMapping("/sync/{provider}/write-back/scope")
	String scope(@PathVariable String provider, @RequestParam String scope,
			@RequestParam(required = false) List<String> statuses, @AuthenticationPrincipal StaffPrincipal staff,
			RedirectAttributes redirect) {
		SyncProvider which = provider(provider);
		if (!WriteBackSettings.OWNED.equals(scope) && !WriteBackSettings.ALL.equals(scope)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
		}
		try {
			writeBack.changeScope(staff.id(), which, scope, (statuses != null) ? statuses : List.of());
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
		}
		redirect.addFlashAttribute("flashMessage", "writeBack.scope.saved");
		return "redirect:/contacts";
	}

	@PostMapping("/sync/{provider}/write-back/retry")
	String retry(@PathVariable String provider, @RequestParam(required = false) Long contact,
			@AuthenticationPrincipal StaffPrincipal staff) {
		writeBack.retry(staff.id(), provider(provider));
		// from a contact's page, back to it
		return (contact != null) ? "redirect:/contacts/" + contact : "redirect:/contacts";
	}

	private SyncProvider provider(String code) {
		SyncProvider provider = WriteBackPanel.provider(code)
			.filter((p) -> writeBack.writer(p).isPresent())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		if (!writeBack.available()) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN);
		}
		return provider;
	}

}
