package com.whiskeysocket.crm.security;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Someone who signed in with a one-time password an admin set may do nothing but choose
 * their own: pages go to the change-password page, the JSON API answers 403
 * {@code password_change_required}. Signing out, the page's styles and scripts and error
 * pages stay open.
 */
class PasswordChangeRequired extends OncePerRequestFilter {

	static final String CHANGE_PASSWORD = "/account/password";

	private static final RequestMatcher ALLOWED = allowed(CHANGE_PASSWORD, "/logout", "/login", "/error", "/forbidden",
			"/css/**", "/js/**", "/images/**", "/webjars/**", "/favicon.ico", "/favicon.svg");

	private final JsonSecurityErrors json;

	private final RedirectStrategy redirect = new DefaultRedirectStrategy();

	PasswordChangeRequired(JsonSecurityErrors json) {
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof StaffPrincipal staff)
				|| !staff.mustChangePassword() || ALLOWED.matches(request)) {
			chain.doFilter(request, response);
		}
		else if (SecurityConfiguration.API.matches(request)) {
			json.passwordChangeRequired(response);
		}
		else {
			redirect.sendRedirect(request, response, CHANGE_PASSWORD);
		}
	}

	private static RequestMatcher allowed(String... patterns) {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		RequestMatcher[] matchers = new RequestMatcher[patterns.length];
		for (int i = 0; i < patterns.length; i++) {
			matchers[i] = paths.matcher(patterns[i]);
		}
		return new OrRequestMatcher(matchers);
	}

}
