package com.whiskeysocket.crm.staff;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.session.SessionInformationExpiredEvent;
import org.springframework.security.web.session.SessionInformationExpiredStrategy;

/**
 * What a request learns when its session is gone: ended by an admin (the account was
 * disabled) or timed out. Pages go to the sign-in page, which says the session ended; the
 * JSON API answers 401 JSON. Never the servlet container's plain-text notice.
 */
class SessionEnded implements SessionInformationExpiredStrategy, AuthenticationEntryPoint {

	static final String LOGIN_EXPIRED = "/login?expired";

	private final RedirectStrategy redirect = new DefaultRedirectStrategy();

	private final LoginUrlAuthenticationEntryPoint login;

	private final JsonSecurityErrors json;

	SessionEnded(JsonSecurityErrors json) {
		this.json = json;
		this.login = new LoginUrlAuthenticationEntryPoint("/login");
		// a relative Location: the host never comes from the request's Host header
		this.login.setFavorRelativeUris(true);
	}

	/** A session ended by an admin (see {@code StaffService#setEnabled}). */
	@Override
	public void onExpiredSessionDetected(SessionInformationExpiredEvent event) throws IOException {
		HttpServletRequest request = event.getRequest();
		HttpServletResponse response = event.getResponse();
		if (request.getSession(false) != null) {
			request.getSession(false).invalidate();
		}
		if (SecurityConfiguration.API.matches(request)) {
			json.sessionEnded(response);
		}
		else {
			redirect.sendRedirect(request, response, LOGIN_EXPIRED);
		}
	}

	/**
	 * A page that needs a signed-in person: to the sign-in page, saying so if a session
	 * timed out.
	 */
	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException, ServletException {
		if (timedOut(request)) {
			redirect.sendRedirect(request, response, LOGIN_EXPIRED);
		}
		else {
			login.commence(request, response, authException);
		}
	}

	static boolean timedOut(HttpServletRequest request) {
		return request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid();
	}

}
