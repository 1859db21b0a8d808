package com.whiskeysocket.crm.outlook;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes Graph's change notifications ({@code POST /api/outlook/notifications}) in front
 * of the session and security filters and the dispatcher: each goes into the
 * {@link OutlookNotificationInbox} and the answer is 202, so a burst of a thousand costs
 * the node a JSON read each and Graph never waits for anything else. Only its clientState
 * (checked in the inbox) makes a notification count. The validation handshake and the
 * lifecycle events take the ordinary way, to {@link OutlookNotificationsController}.
 */
class OutlookNotificationFilter extends OncePerRequestFilter {

	static final String PATH = "/api/outlook/notifications";

	/** Graph batches notifications; far more than it sends at once is not read. */
	private static final int MAX_BODY = 1024 * 1024;

	private final OutlookNotificationInbox inbox;

	private final JsonMapper json;

	OutlookNotificationFilter(OutlookNotificationInbox inbox, JsonMapper json) {
		this.inbox = inbox;
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String query = request.getQueryString();
		// the validation handshake carries its token in the query
		return !HttpMethod.POST.matches(request.getMethod()) || !PATH.equals(path)
				|| (query != null && query.contains("validationToken="));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		GraphModel.NotificationBatch batch = read(request);
		if (batch == null) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return;
		}
		for (GraphModel.Notification notification : batch.notifications()) {
			inbox.add(notification.subscriptionId(), notification.clientState());
		}
		response.setStatus(HttpServletResponse.SC_ACCEPTED);
	}

	private GraphModel.NotificationBatch read(HttpServletRequest request) throws IOException {
		if (request.getContentLengthLong() > MAX_BODY) {
			return null;
		}
		try (InputStream body = request.getInputStream()) {
			byte[] bytes = body.readNBytes(MAX_BODY + 1);
			if (bytes.length == 0 || bytes.length > MAX_BODY) {
				return null;
			}
			return json.readValue(bytes, GraphModel.NotificationBatch.class);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

}
