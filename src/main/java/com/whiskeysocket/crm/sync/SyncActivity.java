package com.whiskeysocket.crm.sync;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.whiskeysocket.crm.staff.StaffPrincipal;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Notes that a staff member is using the CRM (a signed-in request), at most once per
 * {@code crm.sync.requests.activity-writes} per staff member and node, so a busy page
 * costs no write per request. For providers polled by activity (Google) it also brings
 * the account's next sync within their short interval. Runs after the security filters,
 * so the principal is known.
 */
@Component
class SyncActivity extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(SyncActivity.class);

	private final JdbcTemplate jdbc;

	private final List<ContactSource> sources;

	private final SyncRequestProperties properties;

	private final Map<Long, Instant> written = new ConcurrentHashMap<>();

	SyncActivity(JdbcTemplate jdbc, List<ContactSource> sources, SyncRequestProperties properties) {
		this.jdbc = jdbc;
		this.sources = sources;
		this.properties = properties;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof StaffPrincipal staff) {
			seen(staff.id());
		}
		chain.doFilter(request, response);
	}

	void seen(long staffId) {
		Instant now = Instant.now();
		Instant last = written.get(staffId);
		if (last != null && Duration.between(last, now).compareTo(properties.activityWrites()) < 0) {
			return;
		}
		written.put(staffId, now);
		try {
			for (ContactSource source : sources) {
				source.activePollInterval().ifPresent((poll) -> {
					Object soon = SyncLeases.utc(now.plus(poll));
					jdbc.update(
							"UPDATE sync_accounts SET owner_active_at = ?, next_due_at = CASE WHEN "
									+ "active_run_id IS NULL AND next_due_at > ? THEN ? ELSE next_due_at END "
									+ "WHERE staff_user_id = ? AND provider = ?",
							SyncLeases.utc(now), soon, soon, staffId, source.provider().code());
				});
			}
		}
		catch (DataAccessException ex) {
			// the page itself reports an unreachable database; activity is not worth a
			// second message
			log.debug("Could not record activity ({})", ex.getClass().getSimpleName());
		}
	}

}
