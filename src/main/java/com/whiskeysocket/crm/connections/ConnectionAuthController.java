package com.whiskeysocket.crm.connections;

import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages behind {@code /auth/{provider}} and its callback. Spring Security's OAuth2
 * client filter handles every callback whose state it issued; whatever reaches this
 * controller is a finished connection, an error the provider reported, or a callback we
 * never started. Each case has one fixed message; the provider's own text is never shown.
 */
@Controller
class ConnectionAuthController {

	private static final String CONTACTS = "redirect:/contacts";

	private final ConnectionProviders providers;

	ConnectionAuthController(ConnectionProviders providers) {
		this.providers = providers;
	}

	@GetMapping(ConnectAuthorizationRequestResolver.START_PATH)
	String start(@PathVariable String provider, RedirectAttributes redirect) {
		// the OAuth2 filter redirects to the provider before this when it is configured
		redirect.addFlashAttribute("flashError", provider(provider).messagePrefix() + ".notConfigured");
		return CONTACTS;
	}

	@GetMapping(ConnectAuthorizationRequestResolver.START_PATH + "/callback")
	String callback(@PathVariable("provider") String registrationId, @RequestParam(required = false) String error,
			@RequestParam(name = "error_description", required = false) String description,
			@RequestParam(required = false) String state, @RequestParam(required = false) String code,
			HttpSession session, RedirectAttributes redirect) {
		ConnectionProvider provider = provider(registrationId);
		String prefix = provider.messagePrefix();
		boolean justConnected = registrationId
			.equals(session.getAttribute(ConnectionWebClientRepository.JUST_CONNECTED));
		session.removeAttribute(ConnectionWebClientRepository.JUST_CONNECTED);
		if (state != null || code != null) {
			// a state we issued would have been consumed
			// by the filter: forged, replayed or stale
			redirect.addFlashAttribute("flashError", prefix + ".error.state");
		}
		else if (error != null) {
			AuthorizationError reported = provider.describe(error, description)
				.orElseGet(() -> AuthorizationError.of(error));
			redirect.addFlashAttribute("flashError", reported.messageCode(prefix));
		}
		else if (justConnected) {
			redirect.addFlashAttribute("flashMessage", prefix + ".justConnected");
		}
		return CONTACTS;
	}

	private ConnectionProvider provider(String registrationId) {
		return providers.find(registrationId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

}
