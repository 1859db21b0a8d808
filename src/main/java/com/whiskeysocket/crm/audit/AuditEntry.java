package com.whiskeysocket.crm.audit;

import java.time.Instant;

/**
 * One line of the audit trail as the page shows it.
 *
 * @param id ascending with time
 * @param occurredAt when
 * @param actor who; {@code null} for the system
 * @param action what
 * @param target on what
 * @param detail a short detail
 * @param address the client address
 */
record AuditEntry(long id, Instant occurredAt, String actor, String action, String target, String detail,
		String address) {

}
