package com.whiskeysocket.crm.staff;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * Where a successful sign-in leads: back to the form whose post was lost with the session
 * (with a message that it was not saved), else to the page the request cache kept, else
 * to the contact list.
 */
class ReturnAfterSignIn extends SavedRequestAwareAuthenticationSuccessHandler {

	static final String NOT_SAVED_MESSAGE = "session.formNotSaved";

	ReturnAfterSignIn(RequestCache requestCache) {
		setRequestCache(requestCache);
		setDefaultTargetUrl("/contacts");
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		Object returnTo = (session != null) ? session.getAttribute(SessionEnded.RETURN_TO) : null;
		if (!(returnTo instanceof String page)) {
			super.onAuthenticationSuccess(request, response, authentication);
			return;
		}
		session.removeAttribute(SessionEnded.RETURN_TO);
		clearAuthenticationAttributes(request);
		FlashMap flash = new FlashMap();
		flash.put("flashError", NOT_SAVED_MESSAGE);
		int query = page.indexOf('?');
		flash.setTargetRequestPath(request.getContextPath() + ((query < 0) ? page : page.substring(0, query)));
		new SessionFlashMapManager().saveOutputFlashMap(flash, request, response);
		getRedirectStrategy().sendRedirect(request, response, page);
	}

}
