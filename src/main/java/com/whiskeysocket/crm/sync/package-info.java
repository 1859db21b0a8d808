/**
 * Sync runs as background jobs, shared by every app node through the database.
 * <p>
 * <b>For a provider</b> (Outlook, Google, WhatsApp): implement
 * {@link com.whiskeysocket.crm.sync.ContactSource} as a bean (its {@code sync(SyncRun)}
 * reads pages, merges each through {@code ContactImport} with the page's cursor, and
 * calls {@link com.whiskeysocket.crm.sync.SyncRun#progress} once per page). A provider
 * connected by OAuth2 implements
 * {@link com.whiskeysocket.crm.sync.ConnectedContactSource} beside its
 * {@code connections.ConnectionProvider}, and has nothing more to write: this module
 * answers {@code /api/{provider}/sync-status}, {@code /sync-contacts} and
 * {@code /disconnect} for it and draws its panel column ({@code sync/connected-panel}).
 * Any other provider starts runs with {@link com.whiskeysocket.crm.sync.SyncRuns#start},
 * then answers like {@code POST /api/whatsapp/sync-contacts}:
 * {@code SyncJson.waitFor(wait)}, {@link com.whiskeysocket.crm.sync.StartedRun#await},
 * 200 with {@code SyncJson.result(...)} or 202 with {@code SyncJson.accepted(id)} and
 * {@code Location: SyncJson.location(id)} ({@code SyncJson.answer} does both). The audit
 * trail's {@code sync.started/finished/failed} and the log line with the counts are
 * written here, for every provider. The scheduler then syncs every account in
 * {@code connectedStaff()} by itself; nothing else to register.
 * <p>
 * <b>What this module guarantees</b>: one run per staff member and provider across all
 * nodes (a {@code sync_accounts} row locked while a run is admitted, and a lease on the
 * {@code sync_runs} row that its node renews); a run whose node died is marked
 * {@code interrupted} when its lease expires and the next run resumes from the stored
 * cursors; progress and counts so far are written once per page; automatic sync every
 * {@code crm.sync.interval} with due accounts claimed by
 * {@code SELECT … FOR UPDATE SKIP LOCKED}, failed accounts retried with backoff; the
 * history page and {@code GET /api/sync/runs/{id}}.
 * <p>
 * <b>Write-back</b> (issue 19, migration V25): the CRM's contacts saved into staff
 * members' own address books. A provider implements
 * {@link com.whiskeysocket.crm.sync.AddressBookWriter} (create, update with etag, find by
 * the CRM's tag or a number, leave the group); this module keeps each staff member's
 * settings ({@code write_back_settings}, served at {@code /api/{provider}/write-back}),
 * the outbox ({@code write_back_outbox}: one row per contact, staff member and provider,
 * coalesced; fed by {@link com.whiskeysocket.crm.sync.WriteBackOutbox#contactsChanged})
 * worked on every node by {@code WriteBackWorker} (an address book is claimed by one node
 * at a time with {@code SELECT … FOR UPDATE SKIP LOCKED} and a lease; failures back off),
 * and the copies last written ({@code write_back_copies}: the provider's id, etag or
 * changeKey and the values written), the base of
 * {@link com.whiskeysocket.crm.sync.ThreeWayMerge}. It reads contacts through
 * {@code contacts.People} (cards and id pages), which is why it depends on
 * {@code contacts}; {@code contacts} knows nothing of it.
 */
@ApplicationModule(allowedDependencies = { "connections", "contacts", "staff", "audit" })
package com.whiskeysocket.crm.sync;

import org.springframework.modulith.ApplicationModule;
