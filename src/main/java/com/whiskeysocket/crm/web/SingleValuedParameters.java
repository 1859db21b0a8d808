package com.whiskeysocket.crm.web;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses (400) a change request that sends a field twice ({@code name=x&name=y}): Spring
 * would bind it to a single-valued field as {@code "x,y"} and save that. Only the
 * parameters in {@link #MULTI_VALUED} may repeat; add a name there when a form posts a
 * list. Reads (GET) are left alone.
 */
@Component
class SingleValuedParameters extends OncePerRequestFilter {

	/**
	 * Parameters that are lists by design: the ticked rows of a bulk change or export,
	 * the lead statuses a write-back is limited to.
	 */
	static final Set<String> MULTI_VALUED = Set.of("ids", "statuses");

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String method = request.getMethod();
		return HttpMethod.GET.matches(method) || HttpMethod.HEAD.matches(method) || HttpMethod.OPTIONS.matches(method);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			if (parameter.getValue().length > 1 && !MULTI_VALUED.contains(parameter.getKey())) {
				response.sendError(HttpServletResponse.SC_BAD_REQUEST);
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
