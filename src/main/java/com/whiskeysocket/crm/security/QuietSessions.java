package com.whiskeysocket.crm.security;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.stereotype.Component;

/**
 * Who a request's session cookie belongs to, read without touching the session: no
 * last-access write, no longer life, one indexed read of {@code SPRING_SESSION}. For
 * requests a page repeats by itself (the live pages' poll every few seconds), which must
 * neither cost a session write each time nor keep an idle sign-in alive for ever. Such a
 * request answers before the session and security filters; it may only reveal what any
 * signed-in staff member may see.
 */
@Component
public class QuietSessions {

	/**
	 * What {@code SessionInformation.expireNow()} marks a session with (Spring Session).
	 */
	private static final String ENDED = "org.springframework.session.security.SpringSessionBackedSessionInformation.EXPIRED";

	private final JdbcTemplate jdbc;

	private final CookieSerializer cookies;

	QuietSessions(JdbcTemplate jdbc, ObjectProvider<CookieSerializer> cookies) {
		this.jdbc = jdbc;
		this.cookies = cookies.getIfAvailable(DefaultCookieSerializer::new);
	}

	/**
	 * The username signed in with the request's session, if the session exists, has not
	 * expired and is signed in.
	 * @param request the request
	 * @return the username, or empty
	 */
	public Optional<String> signedIn(HttpServletRequest request) {
		List<String> ids = cookies.readCookieValues(request);
		for (String id : ids) {
			if (id.length() > 36) {
				continue;
			}
			// not one a disabled account or a role change ended (marked, then ended at
			// its
			// next ordinary request)
			List<String> names = jdbc.queryForList(
					"SELECT s.PRINCIPAL_NAME FROM SPRING_SESSION s WHERE s.SESSION_ID = ? "
							+ "AND s.EXPIRY_TIME > ? AND NOT EXISTS (SELECT 1 FROM SPRING_SESSION_ATTRIBUTES a "
							+ "WHERE a.SESSION_PRIMARY_ID = s.PRIMARY_ID AND a.ATTRIBUTE_NAME = ?)",
					String.class, id, System.currentTimeMillis(), ENDED);
			if (!names.isEmpty() && names.get(0) != null) {
				return Optional.of(names.get(0));
			}
		}
		return Optional.empty();
	}

}
