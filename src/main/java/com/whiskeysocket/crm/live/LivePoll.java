package com.whiskeysocket.crm.live;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.whiskeysocket.crm.contacts.ContactFeed;
import com.whiskeysocket.crm.security.QuietSessions;
import com.whiskeysocket.crm.sync.SyncRuns;

import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers the live pages' poll: {@code GET /live/contacts?since=<cursor>[&contact=<id>]}
 * and {@code GET /live/sync?since=<mark>}. {@code 204} when nothing moved; {@code 200}
 * {@code {"since": "…", "changed": true|false}} when it did ({@code changed}: the page
 * should fetch itself again; {@code false} when only other contacts than the page's one
 * changed); {@code 401} without a live sign-in; {@code 400} for a position no page was
 * given. It says only that something changed, never what.
 */
class LivePoll extends OncePerRequestFilter {

	static final String CONTACTS = "/live/contacts";

	static final String SYNC = "/live/sync";

	/** Rows of the sequence one poll reads at most; more means "changed". */
	private static final int READ = 200;

	private final QuietSessions sessions;

	private final ContactFeed feed;

	private final SyncRuns runs;

	LivePoll(QuietSessions sessions, ContactFeed feed, SyncRuns runs) {
		this.sessions = sessions;
		this.feed = feed;
		this.runs = runs;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !HttpMethod.GET.matches(request.getMethod()) || !(CONTACTS.equals(path) || SYNC.equals(path));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Cache-Control", "no-store");
		if (sessions.signedIn(request).isEmpty()) {
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			return;
		}
		String since = request.getParameter("since");
		String path = request.getRequestURI().substring(request.getContextPath().length());
		Optional<Answer> answer = CONTACTS.equals(path) ? contacts(since, request.getParameter("contact"))
				: sync(since);
		if (answer == null) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return;
		}
		if (answer.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_NO_CONTENT);
			return;
		}
		response.setContentType("application/json");
		// the position is URL-safe base64 or digits and a dash: nothing to escape
		response.getWriter()
			.write("{\"since\":\"" + answer.get().since() + "\",\"changed\":" + answer.get().changed() + "}");
	}

	/** What moved after a cursor; {@code null} if it is not one. */
	private Optional<Answer> contacts(String since, String contact) {
		Optional<ContactFeed.Cursor> cursor = ContactFeed.Cursor.decode(since);
		Long contactId = parse(contact);
		if (cursor.isEmpty() || (contact != null && contactId == null)) {
			return null;
		}
		ContactFeed.Window window = feed.since(cursor.get(), READ);
		String next = window.next().encode();
		if (next.equals(since)) {
			return Optional.empty();
		}
		boolean changed = window.more()
				|| window.changes().stream().anyMatch((change) -> contactId == null || change.contactId() == contactId);
		return Optional.of(new Answer(next, changed));
	}

	private Optional<Answer> sync(String since) {
		if (since == null || since.length() > 100) {
			return null;
		}
		String mark = runs.mark();
		return mark.equals(since) ? Optional.empty() : Optional.of(new Answer(mark, true));
	}

	private static Long parse(String id) {
		if (id == null || id.isEmpty() || id.length() > 18 || !id.chars().allMatch(Character::isDigit)) {
			return null;
		}
		return Long.parseLong(id);
	}

	private record Answer(String since, boolean changed) {
	}

}
