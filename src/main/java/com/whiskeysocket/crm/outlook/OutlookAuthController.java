package com.whiskeysocket.crm.outlook;

import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages behind {@code /auth/microsoft} and its callback. Spring Security's OAuth2
 * client filter handles every callback whose state it issued; whatever reaches this
 * controller is a finished connection, an error Microsoft reported, or a callback we
 * never started.
 */
@Controller
class OutlookAuthController {

	private static final String CONTACTS = "redirect:/contacts";

	@GetMapping(MicrosoftAuthorizationRequestResolver.START_PATH)
	String start(RedirectAttributes redirect) {
		// the OAuth2 filter redirects to Microsoft before this when Outlook is configured
		redirect.addFlashAttribute("flashError", "outlook.notConfigured");
		return CONTACTS;
	}

	@GetMapping(MicrosoftAuthorizationRequestResolver.START_PATH + "/callback")
	String callback(@RequestParam(required = false) String error,
			@RequestParam(name = "error_description", required = false) String description,
			@RequestParam(required = false) String state, @RequestParam(required = false) String code,
			HttpSession session, RedirectAttributes redirect) {
		boolean justConnected = session.getAttribute(OutlookWebClientRepository.JUST_CONNECTED) != null;
		session.removeAttribute(OutlookWebClientRepository.JUST_CONNECTED);
		if (state != null || code != null) {
			// a state we issued would have been consumed by the filter: forged, replayed
			// or stale
			redirect.addFlashAttribute("flashError", "outlook.error.state");
		}
		else if (error != null) {
			redirect.addFlashAttribute("flashError", AuthorizationErrors.messageCode(error, description));
		}
		else if (justConnected) {
			redirect.addFlashAttribute("flashMessage", "outlook.justConnected");
		}
		return CONTACTS;
	}

}
