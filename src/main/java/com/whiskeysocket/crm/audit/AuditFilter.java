package com.whiskeysocket.crm.audit;

import java.time.LocalDate;

import org.springframework.format.annotation.DateTimeFormat;

/**
 * The audit page's filters; every one is optional.
 *
 * @param actor exactly this person
 * @param action this action or, without a dot at the end, every action starting with it
 * ({@code sign-in} finds {@code sign-in.failed})
 * @param address exactly this client address
 * @param from on or after this day (UTC)
 * @param to on or before this day (UTC)
 * @param before entries older than this id (the next page)
 */
record AuditFilter(String actor, String action, String address,
		@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
		@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Long before) {

	static AuditFilter none() {
		return new AuditFilter(null, null, null, null, null, null);
	}

}
