/**
 * The audit trail: who did what, when and from which address, its admin page at
 * {@code /audit} and the retention purge ({@code CRM_AUDIT_RETENTION}, 365 days by
 * default).
 * <p>
 * Any module records its events through {@link com.whiskeysocket.crm.audit.AuditLog}:
 * <pre>
 * audit.record("staff.disabled", "sari", null);             // actor: the signed-in person
 * audit.recordAs("sari", "sync.finished", "outlook", "12 new, 3 updated"); // actor given
 * </pre> The address is taken from the current request (after trusted-proxy handling),
 * none for background jobs. Actions are dotted lower-case names, module first:
 * {@code sign-in.succeeded}, {@code sign-in.failed}, {@code sign-in.locked},
 * {@code sign-in.unlocked}, {@code sign-out}, {@code password.changed},
 * {@code password.reset}, {@code staff.added}, {@code staff.disabled},
 * {@code staff.enabled}, {@code staff.role-changed}, {@code api-token.created},
 * {@code api-token.revoked}, {@code api-token.first-used}, {@code sync.started},
 * {@code sync.finished}, {@code sync.failed}, {@code connection.connected},
 * {@code connection.disconnected}, {@code connection.refresh-failed},
 * {@code connection.reconnect-needed}, {@code contacts.imported},
 * {@code contacts.exported}, {@code contact.deleted}, {@code contacts.bulk-changed},
 * {@code whatsapp.link-requested}, {@code whatsapp.linked}, {@code whatsapp.logged-out},
 * {@code whatsapp.error}, {@code whatsapp.unlinked}. Target and detail are short plain
 * texts; they must never carry a password, a token, a secret or a phone number. The entry
 * joins the caller's transaction, so an action that rolls back leaves no entry.
 */
@ApplicationModule(allowedDependencies = {})
package com.whiskeysocket.crm.audit;

import org.springframework.modulith.ApplicationModule;
