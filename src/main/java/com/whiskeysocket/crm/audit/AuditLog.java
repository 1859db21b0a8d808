package com.whiskeysocket.crm.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Records one audit entry per call: who, what, on what, when and from which address. See
 * the package description for the action names in use. Never pass a password, a token or
 * a phone number.
 */
@Component
public class AuditLog {

	private static final String INSERT = "INSERT INTO audit_events (occurred_at, actor, action, target, detail, address) "
			+ "VALUES (?, ?, ?, ?, ?, ?)";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	AuditLog(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Records what the signed-in person did (no one signed in: the system).
	 * @param action what happened, e.g. {@code staff.disabled}
	 * @param target what it happened to, e.g. a username; may be {@code null}
	 * @param detail a short plain-text detail; may be {@code null}
	 */
	public void record(String action, String target, String detail) {
		recordAs(currentActor(), action, target, detail);
	}

	/**
	 * Records an event whose actor is known to the caller: a sign-in attempt's username,
	 * the staff member a background job works for.
	 * @param actor who acted; {@code null} for the system
	 * @param action what happened, e.g. {@code sign-in.failed}
	 * @param target what it happened to; may be {@code null}
	 * @param detail a short plain-text detail; may be {@code null}
	 */
	public void recordAs(String actor, String action, String target, String detail) {
		jdbc.update(INSERT, Timestamp.from(Instant.now(clock)), clip(actor, 100), clip(action, 64), clip(target, 200),
				clip(detail, 500), clip(currentAddress(), 45));
	}

	private static String currentActor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return null;
		}
		return authentication.getName();
	}

	private static String currentAddress() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes instanceof ServletRequestAttributes servlet) {
			HttpServletRequest request = servlet.getRequest();
			return request.getRemoteAddr();
		}
		return null;
	}

	/**
	 * Cuts a text to the column's size and drops control characters, so one entry stays
	 * one line.
	 */
	static String clip(String value, int max) {
		if (value == null) {
			return null;
		}
		String clean = value.replaceAll("\\p{Cntrl}", " ");
		return (clean.codePointCount(0, clean.length()) <= max) ? clean
				: clean.substring(0, clean.offsetByCodePoints(0, max - 1)) + "…";
	}

}
