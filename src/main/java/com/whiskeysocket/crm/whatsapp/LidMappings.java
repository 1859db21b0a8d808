package com.whiskeysocket.crm.whatsapp;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.whiskeysocket.crm.whatsapp.ContactsBatch.LidMapping;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code whatsapp_lid_mappings} table: the number of each LID WhatsApp has revealed
 * to any linked phone. Written in the caller's transaction (the webhook's), in LID order,
 * so two batches naming the same LIDs lock them in the same order.
 */
@Repository
class LidMappings {

	private static final int CHUNK = 1000;

	private final JdbcTemplate jdbc;

	LidMappings(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records mappings; a LID whose number changed takes the new one.
	 * @return the mappings that are new or changed (a replayed one is not)
	 */
	List<LidMapping> record(long staffId, Collection<LidMapping> mappings) {
		if (mappings.isEmpty()) {
			return List.of();
		}
		List<LidMapping> sorted = mappings.stream().sorted(Comparator.comparing(LidMapping::lid)).toList();
		Map<String, String> known = phonesOf(sorted.stream().map(LidMapping::lid).toList());
		List<LidMapping> changed = sorted.stream().filter((m) -> !m.phone().equals(known.get(m.lid()))).toList();
		LocalDateTime now = LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
		jdbc.batchUpdate(
				"INSERT INTO whatsapp_lid_mappings (lid, phone, staff_user_id, created_at, updated_at) "
						+ "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE phone = VALUES(phone), "
						+ "staff_user_id = VALUES(staff_user_id), updated_at = VALUES(updated_at)",
				changed, CHUNK, (ps, m) -> {
					ps.setString(1, m.lid());
					ps.setString(2, m.phone());
					ps.setLong(3, staffId);
					ps.setObject(4, now);
					ps.setObject(5, now);
				});
		return changed;
	}

	/** The known number of each of these LIDs; LIDs without one are absent. */
	Map<String, String> phonesOf(Collection<String> lids) {
		Map<String, String> phones = new HashMap<>();
		List<String> all = List.copyOf(lids);
		for (int from = 0; from < all.size(); from += CHUNK) {
			List<String> chunk = all.subList(from, Math.min(from + CHUNK, all.size()));
			jdbc.query("SELECT lid, phone FROM whatsapp_lid_mappings WHERE lid IN ("
					+ String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")", (rs) -> {
						phones.put(rs.getString("lid"), rs.getString("phone"));
					}, chunk.toArray());
		}
		return phones;
	}

}
