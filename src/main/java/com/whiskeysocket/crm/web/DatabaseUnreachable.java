package com.whiskeysocket.crm.web;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * Answers 503 "The database is not reachable; try again shortly" when a request fails
 * because no database connection could be had: the pool waits only a few seconds
 * ({@code spring.datasource.hikari.connection-timeout}), and this filter runs before
 * everything that reads the database, the session filter (sessions are stored there) and
 * sign-in included, so an outage is neither a 30-second hang, nor a 500, nor "wrong
 * password". Pages get a small page without the layout (the layout reads the signed-in
 * person), {@code /api/**} a JSON body. Nothing is kept: the next request after the
 * database is back gets a fresh connection.
 */
class DatabaseUnreachable extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseUnreachable.class);

	/** Seconds a client should wait before trying again. */
	static final String RETRY_AFTER = "5";

	private final MessageSource messages;

	DatabaseUnreachable(MessageSource messages) {
		this.messages = messages;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	/** An error page rendered after a failure may need the session too. */
	@Override
	protected void doFilterNestedErrorDispatch(HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		doFilterInternal(request, response, chain);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (!isOutage(ex) || response.isCommitted()) {
				throw ex;
			}
			log.warn("Database not reachable, answering 503 to {} {}: {}", request.getMethod(), request.getRequestURI(),
					rootMessage(ex));
			unavailable(request, response);
		}
	}

	/**
	 * Whether a failure means the database cannot be reached (no connection from the pool
	 * in time, a connection refused or broken), as opposed to a bug or a bad query.
	 */
	static boolean isOutage(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof CannotGetJdbcConnectionException || t instanceof DataAccessResourceFailureException) {
				return true;
			}
			if (t instanceof SQLException sql && connectionState(sql.getSQLState())) {
				return true;
			}
			// the pool's own timeout may carry no state; MariaDB's driver also uses these
			// types for a trigger's SIGNAL (state 45000), which is no outage
			if ((t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException)
					&& ((SQLException) t).getSQLState() == null) {
				return true;
			}
		}
		return false;
	}

	private static boolean connectionState(String sqlState) {
		return sqlState != null && sqlState.startsWith("08");
	}

	private void unavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Locale locale = request.getLocale();
		String title = messages.getMessage("database.unavailable.title", null, locale);
		String text = messages.getMessage("database.unavailable.text", null, locale);
		response.reset();
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setHeader("Retry-After", RETRY_AFTER);
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setCharacterEncoding("UTF-8");
		if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.getWriter().write("{\"error\":\"database_unavailable\",\"message\":\"" + json(text) + "\"}");
			return;
		}
		response.setContentType(MediaType.TEXT_HTML_VALUE);
		response.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
		String css = request.getContextPath();
		response.getWriter()
			.write("<!DOCTYPE html>\n<html lang=\"" + HtmlUtils.htmlEscape(locale.getLanguage()) + "\">\n<head>\n"
					+ "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
					+ "<title>" + HtmlUtils.htmlEscape(title) + "</title>\n" + "<link rel=\"stylesheet\" href=\"" + css
					+ "/webjars/bootstrap/css/bootstrap.min.css\">\n" + "<link rel=\"stylesheet\" href=\"" + css
					+ "/css/app.css\">\n</head>\n<body>\n<main class=\"container-xl page narrow\" id=\"database-unavailable\">\n"
					+ "<h1>" + HtmlUtils.htmlEscape(title) + "</h1>\n<p>" + HtmlUtils.htmlEscape(text) + "</p>\n"
					+ "</main>\n</body>\n</html>\n");
	}

	/** Our own message texts: quotes and backslashes are all that may need escaping. */
	private static String json(String text) {
		return text.replace("\\", "\\\\").replace("\"", "\\\"");
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

}
