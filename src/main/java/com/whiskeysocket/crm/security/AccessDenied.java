package com.whiskeysocket.crm.security;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;

/**
 * A request that may not go on. The JSON API answers JSON ({@link JsonSecurityErrors}). A
 * page: a form sent by someone no longer signed in (its CSRF token ended with the
 * session) goes to sign-in and back to the form ({@link SessionEnded#formNotSaved}), one
 * whose token is from an earlier session back to the form at once; anything else, such as
 * a staff member opening the staff page, shows the 403 page in the layout, whatever the
 * request's {@code Accept} header says.
 */
class AccessDenied implements AccessDeniedHandler {

	static final String FORBIDDEN_PAGE = "/forbidden";

	private final JsonSecurityErrors json;

	private final SessionEnded sessionEnded;

	private final AccessDeniedHandlerImpl page = new AccessDeniedHandlerImpl();

	AccessDenied(JsonSecurityErrors json, SessionEnded sessionEnded) {
		this.json = json;
		this.sessionEnded = sessionEnded;
		this.page.setErrorPage(FORBIDDEN_PAGE);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException, ServletException {
		if (SecurityConfiguration.API.matches(request)) {
			json.handle(request, response, ex);
		}
		else if (ex instanceof CsrfException && !signedIn()) {
			sessionEnded.formNotSaved(request, response);
		}
		else if (ex instanceof CsrfException) {
			sessionEnded.staleForm(request, response);
		}
		else {
			page.handle(request, response, ex);
		}
	}

	private static boolean signedIn() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
	}

}
