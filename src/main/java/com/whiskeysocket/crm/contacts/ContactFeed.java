package com.whiskeysocket.crm.contacts;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.whiskeysocket.crm.contacts.SqlArguments.args;
import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the change sequence after a cursor: what {@code GET /api/contacts/changes} and
 * the pages that follow changes ask.
 * <p>
 * Sequence numbers are taken just before their transaction commits, so two writers can
 * still commit out of order: number 8 visible while 7 is a moment from committing (or
 * rolled back, or, on a Galera cluster, another node's). A cursor is therefore the last
 * number read <em>and</em> the numbers below it that were missing then, each with the
 * time of the row that followed it; they are asked for again until they appear or are
 * {@link #SETTLE} old (no transaction takes that long between its number and its commit).
 * At most {@link #MAX_PENDING} are kept: past that a read stops before the next missing
 * number until it settles. The cursor is opaque to its users (URL-safe base64 of
 * {@code seq[:missing-epochSecond,...]}), holds nothing but database numbers, so it
 * survives restarts and works on every node.
 */
@Component
public class ContactFeed {

	/** How long a missing number may still turn up. */
	static final Duration SETTLE = Duration.ofSeconds(30);

	static final int MAX_PENDING = 32;

	private static final Pattern FORMAT = Pattern.compile("(\\d{1,18})(?::((?:\\d{1,18}-\\d{1,12},?){1,32}))?");

	private final JdbcTemplate jdbc;

	private final Clock clock = Clock.systemUTC();

	ContactFeed(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The cursor of now: changes after it are the ones to come.
	 * @return the cursor
	 */
	public Cursor now() {
		Long last = jdbc.queryForObject("SELECT MAX(seq) FROM contact_changes", Long.class);
		if (last == null) {
			return new Cursor(0, List.of());
		}
		// the numbers just below the last one that are not committed yet
		long from = Math.max(0, last - 256);
		List<Row> recent = jdbc.query(
				"SELECT seq, contact_id, deleted, changed_at FROM contact_changes WHERE seq > ? ORDER BY seq",
				(rs, n) -> row(rs), from);
		return advance(new Cursor(from, List.of()), recent).next();
	}

	/**
	 * Whether anything was written after a cursor: one indexed read of at most one row.
	 * @param cursor where the reader is
	 * @return whether {@link #since} would give anything
	 */
	public boolean movedSince(Cursor cursor) {
		return !read(cursor, 1).isEmpty();
	}

	/**
	 * The contacts written after a cursor, each once (its latest change), in the order of
	 * their latest change.
	 * @param cursor where the reader is
	 * @param limit at most this many rows of the sequence are read
	 * @return the changes and the cursor after them
	 */
	public Window since(Cursor cursor, int limit) {
		List<Row> rows = read(cursor, limit + 1);
		boolean more = rows.size() > limit;
		Window window = advance(cursor, more ? rows.subList(0, limit) : rows);
		return more ? window.withMore(true) : window;
	}

	private List<Row> read(Cursor cursor, int limit) {
		List<Long> pending = cursor.pending().stream().map(Pending::seq).toList();
		String missing = pending.isEmpty() ? "" : " OR seq IN (" + placeholders(pending.size()) + ")";
		return jdbc.query("SELECT seq, contact_id, deleted, changed_at FROM contact_changes WHERE seq > ?" + missing
				+ " ORDER BY seq LIMIT " + limit, (rs, n) -> row(rs), args(cursor.seq(), pending));
	}

	private Window advance(Cursor cursor, List<Row> rows) {
		Instant settled = clock.instant().minus(SETTLE);
		List<Pending> pending = new ArrayList<>();
		for (Pending missing : cursor.pending()) {
			boolean arrived = rows.stream().anyMatch((row) -> row.seq() == missing.seq());
			if (!arrived && Instant.ofEpochSecond(missing.followedAt()).isAfter(settled)) {
				pending.add(missing);
			}
		}
		long last = cursor.seq();
		boolean stopped = false;
		List<Row> read = new ArrayList<>();
		for (Row row : rows) {
			if (row.seq() <= cursor.seq()) {
				read.add(row);
				continue;
			}
			List<Pending> gaps = new ArrayList<>();
			if (row.at().isAfter(settled)) {
				for (long gap = last + 1; gap < row.seq() && gaps.size() <= MAX_PENDING; gap++) {
					gaps.add(new Pending(gap, row.at().getEpochSecond()));
				}
			}
			if (pending.size() + gaps.size() > MAX_PENDING) {
				// too many numbers in flight: read on once they settle
				stopped = true;
				break;
			}
			pending.addAll(gaps);
			read.add(row);
			last = row.seq();
		}
		Map<Long, Boolean> latest = new LinkedHashMap<>();
		for (Row row : read) {
			latest.remove(row.contactId());
			latest.put(row.contactId(), row.deleted());
		}
		List<Change> changes = new ArrayList<>();
		latest.forEach((id, deleted) -> changes.add(new Change(id, deleted)));
		return new Window(changes, new Cursor(last, pending), stopped);
	}

	private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
		LocalDateTime at = rs.getObject("changed_at", LocalDateTime.class);
		return new Row(rs.getLong("seq"), rs.getLong("contact_id"), rs.getBoolean("deleted"),
				at.toInstant(ZoneOffset.UTC));
	}

	private record Row(long seq, long contactId, boolean deleted, Instant at) {
	}

	/**
	 * A contact written after a cursor.
	 *
	 * @param contactId the contact
	 * @param deleted whether its latest change deleted it
	 */
	public record Change(long contactId, boolean deleted) {
	}

	/**
	 * What was written after a cursor.
	 *
	 * @param changes each contact once
	 * @param next the cursor after them
	 * @param more whether more were written than one read gives
	 */
	public record Window(List<Change> changes, Cursor next, boolean more) {

		Window withMore(boolean more) {
			return new Window(changes, next, more);
		}

	}

	/**
	 * A number missing below a cursor's, and when the row after it was written.
	 *
	 * @param seq the number
	 * @param followedAt epoch second of the row after it
	 */
	record Pending(long seq, long followedAt) {
	}

	/**
	 * A reader's place in the sequence.
	 *
	 * @param seq the last number read
	 * @param pending numbers below it still to look for
	 */
	public record Cursor(long seq, List<Pending> pending) {

		public Cursor {
			pending = List.copyOf(pending);
		}

		/** The cursor as its users see it. */
		public String encode() {
			StringBuilder text = new StringBuilder(Long.toString(seq));
			for (int i = 0; i < pending.size(); i++) {
				text.append((i == 0) ? ':' : ',')
					.append(pending.get(i).seq())
					.append('-')
					.append(pending.get(i).followedAt());
			}
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(text.toString().getBytes(StandardCharsets.US_ASCII));
		}

		/**
		 * A cursor as its users send it back.
		 * @param text what {@link #encode()} gave
		 * @return the cursor, or empty if the text is not one
		 */
		public static Optional<Cursor> decode(String text) {
			if (text == null || text.isEmpty() || text.length() > 1024) {
				return Optional.empty();
			}
			String plain;
			try {
				plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
			}
			catch (IllegalArgumentException ex) {
				return Optional.empty();
			}
			Matcher matcher = FORMAT.matcher(plain);
			if (!matcher.matches()) {
				return Optional.empty();
			}
			long seq = Long.parseLong(matcher.group(1));
			List<Pending> pending = new ArrayList<>();
			if (matcher.group(2) != null) {
				for (String part : matcher.group(2).split(",")) {
					String[] fields = part.split("-");
					long missing = Long.parseLong(fields[0]);
					if (missing >= seq) {
						return Optional.empty();
					}
					pending.add(new Pending(missing, Long.parseLong(fields[1])));
				}
			}
			return Optional.of(new Cursor(seq, pending));
		}

	}

}
