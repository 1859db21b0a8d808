package com.whiskeysocket.crm.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Back to the sign-in page with why: a wait (and how long), or wrong credentials, the
 * same for unknown users, wrong passwords and disabled accounts.
 */
class SignInFailureHandler implements AuthenticationFailureHandler {

	private final RedirectStrategy redirect = new DefaultRedirectStrategy();

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		if (exception instanceof SignInThrottledException throttled) {
			long seconds = Math.max(1, (throttled.getWait().toMillis() + 999) / 1000);
			redirect.sendRedirect(request, response, "/login?locked=" + seconds);
			return;
		}
		redirect.sendRedirect(request, response, "/login?error");
	}

}
