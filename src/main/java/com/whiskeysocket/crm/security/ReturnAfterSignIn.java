package com.whiskeysocket.crm.security;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * Where a successful sign-in leads: back to the form whose post was lost with the session
 * (with a message that it was not saved), else to the page the request cache kept, else
 * to the contact list. The redirect is always relative: the saved request's absolute URL
 * was built from the {@code Host} header.
 */
class ReturnAfterSignIn extends SavedRequestAwareAuthenticationSuccessHandler {

	static final String NOT_SAVED_MESSAGE = "session.formNotSaved";

	private final RequestCache requestCache;

	ReturnAfterSignIn(RequestCache requestCache) {
		this.requestCache = requestCache;
		setRequestCache(requestCache);
		setDefaultTargetUrl("/contacts");
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws ServletException, IOException {
		HttpSession session = request.getSession(false);
		Object returnTo = (session != null) ? session.getAttribute(SessionEnded.RETURN_TO) : null;
		if (!(returnTo instanceof String page)) {
			SavedRequest saved = requestCache.getRequest(request, response);
			if (saved == null) {
				super.onAuthenticationSuccess(request, response, authentication);
				return;
			}
			requestCache.removeRequest(request, response);
			clearAuthenticationAttributes(request);
			getRedirectStrategy().sendRedirect(request, response,
					relative(saved.getRedirectUrl(), request.getContextPath()));
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

	/** Path and query of a URL of this application, without the context path. */
	private static String relative(String url, String contextPath) {
		URI uri = URI.create(url);
		String path = (uri.getRawPath() != null && uri.getRawPath().startsWith(contextPath + "/"))
				? uri.getRawPath().substring(contextPath.length()) : "/contacts";
		return (uri.getRawQuery() != null) ? path + "?" + uri.getRawQuery() : path;
	}

}
