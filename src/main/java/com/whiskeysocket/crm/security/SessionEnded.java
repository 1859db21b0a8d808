package com.whiskeysocket.crm.security;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.session.SessionInformationExpiredEvent;
import org.springframework.security.web.session.SessionInformationExpiredStrategy;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * What a request learns when its session is gone: ended by an admin (the account was
 * disabled) or timed out. Pages go to the sign-in page, which says the session ended; the
 * JSON API answers 401 JSON. Never the servlet container's plain-text notice.
 * <p>
 * After signing in again the person is back where they were: a page they opened is in the
 * request cache; a form they sent could not be saved (its CSRF token died with the
 * session), so they return to the page that had the form ({@link #RETURN_TO}, see
 * {@link ReturnAfterSignIn}) and are told it was not saved. htmx requests get an
 * {@code HX-Redirect} so that the whole page goes to sign-in, not the fragment.
 */
class SessionEnded implements SessionInformationExpiredStrategy, AuthenticationEntryPoint {

	static final String LOGIN_EXPIRED = "/login?expired";

	static final String LOGIN_NOT_SAVED = "/login?expired&notSaved";

	/** Session attribute: the page to return to after signing in, a form not saved. */
	static final String RETURN_TO = SessionEnded.class.getName() + ".returnTo";

	private static final String FALLBACK = "/contacts";

	private final RedirectStrategy redirect = new DefaultRedirectStrategy();

	private final LoginUrlAuthenticationEntryPoint login;

	private final JsonSecurityErrors json;

	SessionEnded(JsonSecurityErrors json) {
		this.json = json;
		this.login = new LoginUrlAuthenticationEntryPoint("/login");
		// a relative Location: the host never comes from the request's Host header
		this.login.setFavorRelativeUris(true);
	}

	/** A session ended by an admin (see {@code staff.StaffService#setEnabled}). */
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
			send(request, response, LOGIN_EXPIRED);
		}
	}

	/**
	 * A page that needs a signed-in person: to the sign-in page, saying so if a session
	 * timed out. The request cache has kept the page to come back to.
	 */
	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException, ServletException {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.removeAttribute(RETURN_TO);
		}
		if (timedOut(request)) {
			send(request, response, LOGIN_EXPIRED);
		}
		else if (htmx(request)) {
			send(request, response, "/login");
		}
		else {
			login.commence(request, response, authException);
		}
	}

	/**
	 * A form sent by someone no longer signed in: its CSRF token was in the session, so
	 * nothing was saved. After signing in they return to the page the form was on (the
	 * {@code Referer}, when it is one of ours) or else to the contact list.
	 */
	void formNotSaved(HttpServletRequest request, HttpServletResponse response) throws IOException {
		request.getSession(true).setAttribute(RETURN_TO, formPage(request));
		send(request, response, timedOut(request) ? LOGIN_NOT_SAVED : "/login");
	}

	/**
	 * A form sent by someone signed in whose CSRF token is not their session's (the page
	 * was opened before they signed in again, in another tab): nothing was saved; back to
	 * the form, saying so.
	 */
	void staleForm(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String page = formPage(request);
		FlashMap flash = new FlashMap();
		flash.put("flashError", "form.stale");
		int query = page.indexOf('?');
		flash.setTargetRequestPath(request.getContextPath() + ((query < 0) ? page : page.substring(0, query)));
		new SessionFlashMapManager().saveOutputFlashMap(flash, request, response);
		send(request, response, page);
	}

	/**
	 * The path (and query) of the page that sent this request, if the {@code Referer}
	 * names this server; never a sign-in or API address.
	 */
	static String formPage(HttpServletRequest request) {
		String referer = request.getHeader("Referer");
		if (referer == null) {
			return FALLBACK;
		}
		try {
			URI uri = new URI(referer);
			int port = (uri.getPort() != -1) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
			boolean sameOrigin = request.getScheme().equalsIgnoreCase(uri.getScheme())
					&& request.getServerName().equalsIgnoreCase(uri.getHost()) && request.getServerPort() == port;
			String path = uri.getRawPath();
			String context = request.getContextPath();
			if (!sameOrigin || path == null || !path.startsWith(context + "/") || path.startsWith("//")) {
				return FALLBACK;
			}
			String local = path.substring(context.length());
			if (local.startsWith("/login") || local.startsWith("/logout") || local.startsWith("/api/")
					|| local.startsWith("/error")) {
				return FALLBACK;
			}
			String query = withoutContinue(uri.getRawQuery());
			return query.isEmpty() ? local : local + "?" + query;
		}
		catch (URISyntaxException ex) {
			return FALLBACK;
		}
	}

	/** The request cache's own {@code continue} marker means nothing on the way back. */
	private static String withoutContinue(String query) {
		if (query == null) {
			return "";
		}
		return Arrays.stream(query.split("&"))
			.filter((parameter) -> !parameter.isEmpty() && !parameter.equals("continue")
					&& !parameter.startsWith("continue="))
			.collect(Collectors.joining("&"));
	}

	private void send(HttpServletRequest request, HttpServletResponse response, String url) throws IOException {
		if (htmx(request)) {
			// htmx would follow a redirect and swap the sign-in page into a fragment
			response.setHeader("HX-Redirect", request.getContextPath() + url);
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		}
		else {
			redirect.sendRedirect(request, response, url);
		}
	}

	private static boolean htmx(HttpServletRequest request) {
		return "true".equals(request.getHeader("HX-Request"));
	}

	static boolean timedOut(HttpServletRequest request) {
		return request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid();
	}

}
