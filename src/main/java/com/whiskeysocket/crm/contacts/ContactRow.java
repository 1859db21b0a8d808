package com.whiskeysocket.crm.contacts;

import java.time.Instant;

/**
 * One line of the contacts table, ready to render.
 *
 * @param id the contact id
 * @param name the name
 * @param phone normalized digits
 * @param displayPhone the number in international format
 * @param email may be {@code null}
 * @param company may be {@code null}
 * @param source where the contact came from
 * @param leadStatus the lead status
 * @param updatedAt last change
 * @param noLongerInOutlook whether Outlook deleted it (the CRM keeps it)
 */
record ContactRow(Long id, String name, String phone, String displayPhone, String email, String company, Source source,
		LeadStatus leadStatus, Instant updatedAt, boolean noLongerInOutlook) {

	public String sourceCode() {
		return source.code();
	}

	public String leadStatusCode() {
		return leadStatus.code();
	}

}
