package com.whiskeysocket.crm.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * 401 and 403 for the JSON API as small JSON bodies with a stable {@code error} code
 * ({@code unauthorized}, {@code session_expired}, {@code csrf_token_invalid},
 * {@code forbidden}, {@code password_change_required}; {@code invalid_token} is written
 * by {@code apitokens.BearerTokenFilter}). A call without a session is a 401 even when it
 * also lacks a CSRF token.
 */
class JsonSecurityErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		if (request != null && SessionEnded.timedOut(request)) {
			sessionEnded(response);
		}
		else {
			write(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "Sign in first.");
		}
	}

	/** The session timed out or was ended by an admin. */
	void sessionEnded(HttpServletResponse response) throws IOException {
		write(response, HttpServletResponse.SC_UNAUTHORIZED, "session_expired",
				"Your session has ended. Sign in again.");
	}

	/** Signed in with a one-time password that must be changed first. */
	void passwordChangeRequired(HttpServletResponse response) throws IOException {
		write(response, HttpServletResponse.SC_FORBIDDEN, "password_change_required",
				"Change your password first: open the CRM in a browser, sign in and choose a new password.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		if (!signedIn()) {
			commence(request, response, null);
		}
		else if (ex instanceof CsrfException) {
			write(response, HttpServletResponse.SC_FORBIDDEN, "csrf_token_invalid",
					"Missing or invalid CSRF token: send the X-CSRF-TOKEN header from the page's _csrf meta tag.");
		}
		else {
			write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", "You may not do this.");
		}
	}

	private static boolean signedIn() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
	}

	private static void write(HttpServletResponse response, int status, String error, String message)
			throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		// fixed texts only, so no JSON escaping is needed
		response.getWriter().write("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
	}

}
