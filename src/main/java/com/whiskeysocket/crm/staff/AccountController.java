package com.whiskeysocket.crm.staff;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Everyone's own account: changing the password, which is also where someone with a
 * one-time password is held until they choose their own.
 */
@Controller
class AccountController {

	/** Also where the security chain holds someone who must choose a new password. */
	private static final String CHANGE_PASSWORD = "/account/password";

	private static final String VIEW = "staff/password";

	private final StaffService staff;

	private final PasswordPolicy policy;

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	AccountController(StaffService staff, PasswordPolicy policy) {
		this.staff = staff;
		this.policy = policy;
	}

	@GetMapping(CHANGE_PASSWORD)
	String form(Model model) {
		model.addAttribute("passwordChangeForm", PasswordChangeForm.empty());
		return VIEW;
	}

	@PostMapping(CHANGE_PASSWORD)
	String change(@Valid @ModelAttribute PasswordChangeForm passwordChangeForm, BindingResult result,
			@AuthenticationPrincipal StaffPrincipal me, HttpServletRequest request, HttpServletResponse response,
			RedirectAttributes redirect) {
		policy.validate(me.getUsername(), passwordChangeForm.newPassword(), result, "newPassword");
		if (!result.hasFieldErrors("newPassword") && !result.hasFieldErrors("confirmPassword")
				&& !passwordChangeForm.newPassword().equals(passwordChangeForm.confirmPassword())) {
			result.rejectValue("confirmPassword", "password.confirm.mismatch");
		}
		if (!result.hasErrors()) {
			switch (staff.changePassword(me, passwordChangeForm.currentPassword(), passwordChangeForm.newPassword(),
					request.getSession().getId())) {
				case WRONG_CURRENT_PASSWORD -> result.rejectValue("currentPassword", "password.current.wrong");
				case SAME_AS_CURRENT -> result.rejectValue("newPassword", "password.same");
				case CHANGED -> {
					signedInWithNewPassword(me, request, response);
					redirect.addFlashAttribute("flashMessage", "password.changed");
					return "redirect:/contacts";
				}
			}
		}
		// the page never sends a typed password back: its fields are always empty
		return VIEW;
	}

	/**
	 * The session's principal no longer has to change its password: store it, or the next
	 * request (read from the session store) would still be held on this page.
	 */
	private void signedInWithNewPassword(StaffPrincipal me, HttpServletRequest request, HttpServletResponse response) {
		StaffPrincipal changed = me.withPasswordChanged();
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(
				UsernamePasswordAuthenticationToken.authenticated(changed, null, changed.getAuthorities()));
		SecurityContextHolder.setContext(context);
		contexts.saveContext(context, request, response);
	}

}
