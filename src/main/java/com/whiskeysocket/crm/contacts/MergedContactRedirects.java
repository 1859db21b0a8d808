package com.whiskeysocket.crm.contacts;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A merged-away contact's page and API URLs lead to the contact it was merged into
 * (found, as the URL's only cost, by the primary key of {@code contact_redirects}). Only
 * reads are redirected: a change sent to a merged-away id is answered as for a missing
 * contact, never applied to another one. Runs after the security filters, so nobody
 * signed out learns anything from it.
 */
@Component
class MergedContactRedirects extends OncePerRequestFilter {

	private static final Pattern CONTACT_URL = Pattern.compile("^(/api)?/contacts/(\\d{1,18})(/.*)?$");

	private final ContactMerges merges;

	MergedContactRedirects(ContactMerges merges) {
		this.merges = merges;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		Matcher url = CONTACT_URL.matcher(path);
		if (url.matches()) {
			Optional<Long> survivor = merges.redirect(Long.parseLong(url.group(2)));
			if (survivor.isPresent()) {
				String target = request.getContextPath() + ((url.group(1) != null) ? url.group(1) : "") + "/contacts/"
						+ survivor.get() + ((url.group(3) != null) ? url.group(3) : "")
						+ ((request.getQueryString() != null) ? "?" + request.getQueryString() : "");
				response.setStatus(HttpServletResponse.SC_FOUND);
				response.setHeader("Location", target);
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
