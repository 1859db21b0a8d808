package com.whiskeysocket.crm.contacts;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A contact's history of values that lost a field-by-field merge between the CRM and a
 * staff member's address book ({@code contact_lost_values}): "Google had “Budi S.”" on
 * the contact's page. Written by the read of an address book (inside its page's
 * transaction) and by the write-back; the same loss met twice is kept once.
 */
@Component
public class LostValues {

	/** Who had a value that lost to the address book's. */
	public static final String CRM = "crm";

	private final JdbcTemplate jdbc;

	LostValues(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A value that lost.
	 *
	 * @param contactId the contact
	 * @param field {@code name} or {@code company}
	 * @param value the value that lost
	 * @param hadBy whose value it was: {@link #CRM}, {@code google} or {@code outlook}
	 * @param staffId whose address book the merge was with
	 */
	public record Loss(long contactId, String field, String value, String hadBy, long staffId) {

	}

	/**
	 * A loss as the contact's page shows it.
	 *
	 * @param field {@code name} or {@code company}
	 * @param value the value that lost
	 * @param hadBy {@link #CRM}, {@code google} or {@code outlook}
	 * @param lostAt when it first lost
	 */
	public record Shown(String field, String value, String hadBy, Instant lostAt) {

	}

	/**
	 * Keeps losses (in the caller's transaction, if any).
	 * @param losses the losses
	 */
	public void record(Collection<Loss> losses) {
		List<Loss> kept = losses.stream().filter((loss) -> loss.value() != null && !loss.value().isBlank()).toList();
		if (kept.isEmpty()) {
			return;
		}
		Timestamp now = Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC));
		jdbc.batchUpdate("INSERT IGNORE INTO contact_lost_values (contact_id, field, lost_value, had_by, "
				+ "staff_user_id, lost_at) VALUES (?, ?, ?, ?, ?, ?)", kept, 100, (ps, loss) -> {
					ps.setLong(1, loss.contactId());
					ps.setString(2, loss.field());
					ps.setString(3, IncomingContact.limit(loss.value(), IncomingContact.MAX_NAME));
					ps.setString(4, loss.hadBy().toLowerCase(Locale.ROOT));
					ps.setLong(5, loss.staffId());
					ps.setTimestamp(6, now);
				});
	}

	/**
	 * A contact's losses, newest first (at most 20).
	 * @param contactId the contact
	 * @return the losses
	 */
	public List<Shown> of(long contactId) {
		return jdbc.query(
				"SELECT field, lost_value, had_by, lost_at FROM contact_lost_values WHERE contact_id = ? "
						+ "ORDER BY lost_at DESC, id DESC LIMIT 20",
				(rs, n) -> new Shown(rs.getString(1), rs.getString(2), rs.getString(3),
						rs.getTimestamp(4).toLocalDateTime().toInstant(ZoneOffset.UTC)),
				contactId);
	}

}
