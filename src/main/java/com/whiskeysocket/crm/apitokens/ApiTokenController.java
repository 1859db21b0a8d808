package com.whiskeysocket.crm.apitokens;

import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Personal API tokens: each person's own page at {@code /account/tokens}, and every token
 * at {@code /staff/tokens} for admins.
 */
@Controller
class ApiTokenController {

	private static final String VIEW = "staff/tokens";

	private static final String ALL_VIEW = "staff/all-tokens";

	private final ApiTokens tokens;

	ApiTokenController(ApiTokens tokens) {
		this.tokens = tokens;
	}

	@ModelAttribute("expiries")
	ApiTokenExpiry[] expiries() {
		return ApiTokenExpiry.values();
	}

	@GetMapping("/account/tokens")
	String mine(@AuthenticationPrincipal StaffPrincipal me, Model model) {
		model.addAttribute("apiTokenForm", ApiTokenForm.empty());
		model.addAttribute("tokens", tokens.of(me));
		return VIEW;
	}

	/**
	 * Answers with the page itself, not a redirect: the new token is shown this once and
	 * never stored anywhere (a flash attribute would put it into the session table).
	 */
	@PostMapping("/account/tokens")
	String create(@AuthenticationPrincipal StaffPrincipal me, @Valid @ModelAttribute ApiTokenForm apiTokenForm,
			BindingResult result, Model model, HttpServletResponse response) {
		if (!result.hasErrors()) {
			Optional<ApiTokens.Created> created = tokens.create(me, apiTokenForm);
			if (created.isPresent()) {
				response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
				model.addAttribute("created", created.get());
				model.addAttribute("apiTokenForm", ApiTokenForm.empty());
			}
			else {
				result.reject("tokens.tooMany", new Object[] { ApiTokens.MAX_ACTIVE_PER_PERSON }, null);
			}
		}
		model.addAttribute("tokens", tokens.of(me));
		return VIEW;
	}

	@PostMapping("/account/tokens/{id}/revoke")
	String revokeMine(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal me, RedirectAttributes redirect) {
		revoke(id, me, redirect);
		return "redirect:/account/tokens";
	}

	@GetMapping("/staff/tokens")
	String all(Model model) {
		model.addAttribute("tokens", tokens.all());
		return ALL_VIEW;
	}

	@PostMapping("/staff/tokens/{id}/revoke")
	String revokeAny(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal admin,
			RedirectAttributes redirect) {
		revoke(id, admin, redirect);
		return "redirect:/staff/tokens";
	}

	private void revoke(long id, StaffPrincipal actor, RedirectAttributes redirect) {
		if (tokens.revoke(id, actor)) {
			redirect.addFlashAttribute("flashMessage", "tokens.revoked");
		}
		else {
			redirect.addFlashAttribute("flashError", "tokens.revoke.refused");
		}
	}

}
