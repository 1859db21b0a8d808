package com.whiskeysocket.crm.contacts;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.whiskeysocket.crm.audit.AuditLog;

import static com.whiskeysocket.crm.contacts.SqlArguments.placeholders;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The open suggestions of {@code contact_duplicates}, grouped into clusters of contacts
 * that may be one person. A page reads one slice of the suggestions by the index on
 * {@code (dismissed_at, id)} and the contacts it names by their ids: never the whole
 * contact list. The suggestions themselves are written where contacts change (syncs,
 * imports, merges).
 */
@Service
class DuplicateSuggestions {

	/** Suggestions read for one page of clusters. */
	static final int PAGE_PAIRS = 300;

	/** Open suggestions counted at most, so that counting stays cheap. */
	static final int COUNT_CAP = 1000;

	private static final String TABLE = "contact_duplicates";

	private final JdbcTemplate jdbc;

	private final MergeRows rows;

	private final PhoneNumbers phoneNumbers;

	private final AuditLog audit;

	DuplicateSuggestions(JdbcTemplate jdbc, MergeRows rows, PhoneNumbers phoneNumbers, AuditLog audit) {
		this.jdbc = jdbc;
		this.rows = rows;
		this.phoneNumbers = phoneNumbers;
		this.audit = audit;
	}

	/**
	 * One page of clusters.
	 * @param after the last suggestion of the page before, or {@code 0}
	 * @return the clusters, the first suggestion's order kept
	 */
	@Transactional(readOnly = true)
	public Page clusters(long after) {
		if (!rows.has(TABLE)) {
			return new Page(List.of(), 0, false, null);
		}
		List<Pair> pairs = jdbc.query(
				"SELECT id, contact_a, contact_b, reason, detail FROM contact_duplicates "
						+ "WHERE dismissed_at IS NULL AND id > ? ORDER BY id LIMIT ?",
				(rs, n) -> new Pair(rs.getLong("id"), rs.getLong("contact_a"), rs.getLong("contact_b"),
						rs.getString("reason"), rs.getString("detail")),
				after, PAGE_PAIRS + 1);
		boolean more = pairs.size() > PAGE_PAIRS;
		if (more) {
			pairs = pairs.subList(0, PAGE_PAIRS);
		}
		Map<Long, Long> parent = new HashMap<>();
		for (Pair pair : pairs) {
			union(parent, pair.a(), pair.b());
		}
		Map<Long, Set<Long>> members = new LinkedHashMap<>();
		Map<Long, Set<Reason>> reasons = new HashMap<>();
		for (Pair pair : pairs) {
			long root = find(parent, pair.a());
			Set<Long> ids = members.computeIfAbsent(root, (key) -> new TreeSet<>());
			ids.add(pair.a());
			ids.add(pair.b());
			reasons.computeIfAbsent(root, (key) -> new LinkedHashSet<>()).add(new Reason(pair.reason(), pair.detail()));
		}
		Map<Long, Member> contacts = members(members.values().stream().flatMap(Set::stream).toList());
		List<Cluster> clusters = new ArrayList<>();
		members.forEach((root, ids) -> {
			List<Member> people = ids.stream().map(contacts::get).filter((member) -> member != null).toList();
			if (people.size() > 1) {
				clusters.add(new Cluster(people, List.copyOf(reasons.get(root))));
			}
		});
		Long next = more ? pairs.get(pairs.size() - 1).id() : null;
		int open = openCount();
		return new Page(clusters, Math.min(open, COUNT_CAP), open > COUNT_CAP, next);
	}

	/**
	 * "Not the same person": every open suggestion between these contacts is dismissed
	 * for good (a later sync finds it dismissed and leaves it so).
	 * @param ids two or more contacts
	 * @return how many suggestions were dismissed
	 */
	@Transactional
	public int dismiss(List<Long> ids) {
		Set<Long> distinct = new TreeSet<>(ids);
		if (distinct.size() < 2 || distinct.size() > 50) {
			throw MergeRefusedException.invalid("invalid_ids", "duplicates.dismiss.invalid");
		}
		if (!rows.has(TABLE)) {
			return 0;
		}
		String in = placeholders(distinct.size());
		int dismissed = jdbc.update(
				"UPDATE contact_duplicates SET dismissed_at = ? WHERE dismissed_at IS NULL AND " + "contact_a IN (" + in
						+ ") AND contact_b IN (" + in + ")",
				SqlArguments.args(Timestamp.from(Instant.now()), distinct, distinct));
		if (dismissed > 0) {
			audit.record("contacts.duplicate-dismissed",
					"contacts " + String.join(", ", distinct.stream().map(String::valueOf).toList()),
					dismissed + " suggestions");
		}
		return dismissed;
	}

	private int openCount() {
		return jdbc.queryForObject("SELECT COUNT(*) FROM (SELECT id FROM contact_duplicates WHERE dismissed_at IS NULL "
				+ "LIMIT " + (COUNT_CAP + 1) + ") open_suggestions", Integer.class);
	}

	private Map<Long, Member> members(List<Long> ids) {
		Map<Long, Member> found = new HashMap<>();
		if (ids.isEmpty()) {
			return found;
		}
		jdbc.query("SELECT id, name, phone, email, company, source, updated_at FROM contacts WHERE id IN ("
				+ placeholders(ids.size()) + ")", (rs) -> {
					String phone = rs.getString("phone");
					found.put(rs.getLong("id"),
							new Member(rs.getLong("id"), rs.getString("name"),
									(phone != null) ? phoneNumbers.display(phone) : null, rs.getString("email"),
									rs.getString("company"), rs.getString("source"),
									rs.getTimestamp("updated_at").toInstant()));
				}, ids.toArray());
		return found;
	}

	private static long find(Map<Long, Long> parent, long id) {
		Long up = parent.get(id);
		if (up == null || up == id) {
			parent.putIfAbsent(id, id);
			return id;
		}
		long root = find(parent, up);
		parent.put(id, root);
		return root;
	}

	private static void union(Map<Long, Long> parent, long a, long b) {
		long rootA = find(parent, a);
		long rootB = find(parent, b);
		if (rootA != rootB) {
			parent.put(Math.max(rootA, rootB), Math.min(rootA, rootB));
		}
	}

	private record Pair(long id, long a, long b, String reason, String detail) {
	}

	/**
	 * One page of clusters.
	 *
	 * @param clusters contacts that may be one person, with why
	 * @param open how many suggestions are open, up to {@link #COUNT_CAP}
	 * @param capped whether there are more than {@link #COUNT_CAP}
	 * @param next where the next page starts, or {@code null} on the last
	 */
	record Page(List<Cluster> clusters, int open, boolean capped, Long next) {
	}

	/**
	 * Contacts that may be one person.
	 *
	 * @param members the contacts, in id order
	 * @param reasons why, each with its detail
	 */
	record Cluster(List<Member> members, List<Reason> reasons) {

		public List<Long> ids() {
			return members.stream().map(Member::id).toList();
		}

		/** The first five, the most one merge takes. */
		public List<Long> mergeIds() {
			return ids().stream().limit(ContactMerges.MAX_CONTACTS).toList();
		}

		public List<Member> byNewest() {
			return members.stream().sorted(Comparator.comparing(Member::updatedAt).reversed()).toList();
		}

	}

	/**
	 * Why contacts may be one person.
	 *
	 * @param reason {@code email}, {@code name} or {@code phone}
	 * @param detail the email, name or number they share, or {@code null}
	 */
	record Reason(String reason, String detail) {
	}

	/**
	 * A contact of a cluster.
	 *
	 * @param id the contact
	 * @param name its name
	 * @param phone its primary number as people read it, or {@code null}
	 * @param email its primary email, or {@code null}
	 * @param company its company, or {@code null}
	 * @param sourceCode where it came from
	 * @param updatedAt its last change
	 */
	record Member(long id, String name, String phone, String email, String company, String sourceCode,
			Instant updatedAt) {
	}

}
