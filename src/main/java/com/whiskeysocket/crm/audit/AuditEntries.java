package com.whiskeysocket.crm.audit;

import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.StringUtils;

/** Reads the audit trail newest first, a page at a time, through its indexes. */
@Component
class AuditEntries {

	static final int PAGE_SIZE = 50;

	private final JdbcTemplate jdbc;

	AuditEntries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One page of entries matching the filter.
	 * @param filter the filters
	 * @return up to {@link #PAGE_SIZE} + 1 entries (the extra one says there is more)
	 */
	@Transactional(readOnly = true)
	List<AuditEntry> find(AuditFilter filter) {
		StringBuilder sql = new StringBuilder(
				"SELECT id, occurred_at, actor, action, target, detail, address FROM audit_events WHERE 1 = 1");
		List<Object> args = new ArrayList<>();
		if (StringUtils.hasText(filter.actor())) {
			sql.append(" AND actor = ?");
			args.add(filter.actor().strip());
		}
		if (StringUtils.hasText(filter.action())) {
			sql.append(" AND (action = ? OR action LIKE ?)");
			String action = filter.action().strip();
			args.add(action);
			args.add(action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ".%");
		}
		if (StringUtils.hasText(filter.address())) {
			sql.append(" AND address = ?");
			args.add(filter.address().strip());
		}
		if (filter.from() != null) {
			sql.append(" AND occurred_at >= ?");
			args.add(Timestamp.from(filter.from().atStartOfDay(ZoneOffset.UTC).toInstant()));
		}
		if (filter.to() != null) {
			sql.append(" AND occurred_at < ?");
			args.add(Timestamp.from(filter.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
		}
		if (filter.before() != null) {
			sql.append(" AND id < ?");
			args.add(filter.before());
		}
		sql.append(" ORDER BY id DESC LIMIT ").append(PAGE_SIZE + 1);
		return jdbc.query(sql.toString(),
				(rs, row) -> new AuditEntry(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
						rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("detail"),
						rs.getString("address")),
				args.toArray());
	}

}
