package com.whiskeysocket.crm.whatsapp;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import com.whiskeysocket.crm.whatsapp.WhatsAppLink.State;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code whatsapp_links} table: one row per staff member who asked to link. */
@Repository
class WhatsAppLinks {

	private final JdbcTemplate jdbc;

	WhatsAppLinks(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Optional<WhatsAppLink> find(long staffId) {
		return jdbc
			.query("SELECT staff_user_id, state, phone, name, qr, qr_at, reason, updated_at FROM whatsapp_links "
					+ "WHERE staff_user_id = ?", WhatsAppLinks::link, staffId)
			.stream()
			.findFirst();
	}

	/** Records a link request: a new row, or an old one started again. */
	void request(long staffId) {
		LocalDateTime now = now();
		if (jdbc.update(
				"UPDATE whatsapp_links SET state = 'requested', qr = NULL, qr_at = NULL, reason = NULL, "
						+ "requested_at = ?, updated_at = ? WHERE staff_user_id = ? AND state <> 'linked'",
				now, now, staffId) == 0 && find(staffId).isEmpty()) {
			jdbc.update("INSERT INTO whatsapp_links (staff_user_id, state, requested_at, updated_at) "
					+ "VALUES (?, 'requested', ?, ?)", staffId, now, now);
		}
	}

	void qr(long staffId, String qr) {
		LocalDateTime now = now();
		jdbc.update("UPDATE whatsapp_links SET state = 'qr', qr = ?, qr_at = ?, reason = NULL, updated_at = ? "
				+ "WHERE staff_user_id = ?", qr, now, now, staffId);
	}

	void linked(long staffId, String phone, String name) {
		LocalDateTime now = now();
		jdbc.update(
				"UPDATE whatsapp_links SET state = 'linked', phone = ?, name = ?, qr = NULL, qr_at = NULL, "
						+ "reason = NULL, linked_at = ?, updated_at = ? WHERE staff_user_id = ?",
				phone, name, now, now, staffId);
	}

	/**
	 * The link ended ({@code logged_out} or {@code error}): the QR goes, the reason
	 * stays.
	 */
	void ended(long staffId, State state, String reason) {
		jdbc.update("UPDATE whatsapp_links SET state = ?, qr = NULL, qr_at = NULL, reason = ?, updated_at = ? "
				+ "WHERE staff_user_id = ?", state.code(), reason, now(), staffId);
	}

	private static LocalDateTime now() {
		return LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

	static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC) : null;
	}

	private static WhatsAppLink link(ResultSet rs, int row) throws SQLException {
		return new WhatsAppLink(rs.getLong("staff_user_id"), State.fromCode(rs.getString("state")),
				rs.getString("phone"), rs.getString("name"), rs.getString("qr"), instant(rs.getTimestamp("qr_at")),
				rs.getString("reason"), instant(rs.getTimestamp("updated_at")));
	}

}
