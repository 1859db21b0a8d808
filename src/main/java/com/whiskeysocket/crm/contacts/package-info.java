/**
 * The shared contact list: one row per person, whichever sources brought them, with phone
 * normalization and the merge rules every sync goes through; each contact's page, owner
 * and notes. Staff accounts are read only through {@code staff}'s public API.
 *
 * <h2>The people model (issue 18, migration V19)</h2>
 * <ul>
 * <li>{@code contacts}: one row per person; its id (and so its URL), name, company, lead
 * status, owner, notes, provenance ({@code source}) and {@code version}.
 * {@code contacts.phone} and {@code contacts.email} are copies of the <em>primary</em>
 * number and email, so every reader of one number keeps working; {@code phone} is
 * {@code null} for a person known only by a WhatsApp LID. {@code name_key} is
 * {@link com.whiskeysocket.crm.contacts.NameKey} of the name and company (indexed, for
 * "same name" duplicate suggestions).</li>
 * <li>{@code contact_phones}: every number of a person, E.164 digits without {@code +}
 * ({@code 6281234567890}), keyed by the number, so a number belongs to at most one
 * person; a label ({@code mobile}, {@code work}, {@code home}, {@code main},
 * {@code other}, or the source's own text, see
 * {@link com.whiskeysocket.crm.contacts.Labels}); {@code is_primary} on exactly one of a
 * person's numbers (the database refuses a second).</li>
 * <li>{@code contact_emails}: every email, keyed by (contact, {@code email_key} = the
 * address lower-cased); one primary; the same address may belong to several people
 * (shared mailboxes): it suggests duplicates, it never merges.</li>
 * <li>{@code contact_phone_sources} / {@code contact_email_sources}: what knows each
 * number and email ({@link com.whiskeysocket.crm.contacts.Origin}: {@code manual} typed
 * by hand, {@code outlook} / {@code google} / {@code whatsapp} of a staff member,
 * {@code import} by a staff member; {@code staff_user_id} 0 = none). A source that no
 * longer has a number detaches only itself.</li>
 * <li>{@code contact_links}: identities, keyed by (staff member, provider, external id):
 * an entry of a staff member's address book or WhatsApp (Outlook id, Google
 * {@code resourceName}, WhatsApp JID or LID) feeds one person; a person may have several
 * of one source.</li>
 * <li>{@code contact_duplicates}: pairs of people who may be one (contact_a &lt;
 * contact_b, reason {@code email} | {@code name} | {@code phone}, detail, created,
 * dismissed).</li>
 * </ul>
 * Public API for other modules and the contacts API:
 * {@link com.whiskeysocket.crm.contacts.People} reads a person's
 * {@link com.whiskeysocket.crm.contacts.ContactPhone numbers},
 * {@link com.whiskeysocket.crm.contacts.ContactEmail emails} and
 * {@link com.whiskeysocket.crm.contacts.Identity identities}, finds the owner of a
 * number, checks and replaces the lists
 * ({@link com.whiskeysocket.crm.contacts.PhoneEntry},
 * {@link com.whiskeysocket.crm.contacts.EmailEntry}); a number of another person is
 * refused with {@link com.whiskeysocket.crm.contacts.PhoneRejectedException} carrying
 * that person's id. Every writer keeps {@code contacts.phone} / {@code email} equal to
 * the primary rows and raises {@code version}.
 *
 * <h2>The merge every source goes through</h2>
 * {@link com.whiskeysocket.crm.contacts.ContactImport} is the entry point (pages of
 * Outlook, Google, WhatsApp; rows of imported files; WhatsApp's LID &lt;-&gt; number
 * mappings). {@code PagePlan} prepares a page off the transaction;
 * {@code AddressBookMerge} merges it: an incoming contact belongs to the person its
 * identity is linked to, else to the person owning any of its numbers, else it is a new
 * person; all its numbers, emails and its identity attach; a number another person has
 * stays theirs and a duplicate suggestion (reason {@code phone}) is recorded
 * ({@code SuggestedDuplicates} finds these and same-email and same-name-and-company pairs
 * by indexed lookups; {@code DuplicateFinder}, the one writer of suggestions, records
 * them). {@code MergeRules} decides names and fields as before (typed &gt; Outlook &gt;
 * Google &gt; WhatsApp &gt; import). {@code AddressBookUnlink} handles what a source no
 * longer has: an entry deleted loses its link; a number a source stops listing is
 * detached from that source only and deleted when nothing else knows it (never a person's
 * last number). {@code FileMerge} merges imported rows the same way. {@code LidMerge}: a
 * LID's number attaches to the LID's person; if another person has the number, the LID's
 * person merges into the number's person, as a merge of {@code ContactMerges} (undone
 * from the survivor's page like one by hand; once undone, never redone on its own: the
 * two are suggested as duplicates instead). {@code WhatsAppLids} does the same for the
 * mappings a WhatsApp batch brings.
 *
 * <h2>The change sequence (issue 20, migration V26)</h2> Every contact write (forms,
 * in-place and bulk changes, the API, a sync's page and what it unlinks, WhatsApp's LIDs,
 * file imports, merges and their undo, deletes) names the contacts it wrote to
 * {@code ContactChanges}, which at the end of the writing transaction adds one
 * {@code contact_changes} row per contact (a database sequence, {@code deleted} for a
 * contact that went) and publishes {@link com.whiskeysocket.crm.contacts.ContactsChanged}
 * per cause (typed in the CRM, a sync with its provider and staff member, an import, a
 * merge). A sync page names only the people it changed: one that brings nothing new
 * advances nothing.
 */
@ApplicationModule(allowedDependencies = { "staff", "audit", "text" })
package com.whiskeysocket.crm.contacts;

import org.springframework.modulith.ApplicationModule;
