/**
 * Pages that follow changes without a reload: the Contacts list, a contact's page and the
 * sync history poll {@code /live/contacts} and {@code /live/sync} every few seconds with
 * the position they were rendered at (the contacts change sequence, the runs' mark) and
 * fetch their own URL again only when it moved. The poll is answered before the session
 * and security filters ({@link com.whiskeysocket.crm.security.QuietSessions}): one
 * indexed read of the session, one of the sequence, and nothing written, so 200 open
 * pages cost a few cheap reads a second and never keep an idle sign-in alive.
 */
@ApplicationModule(allowedDependencies = { "contacts", "sync", "security" })
package com.whiskeysocket.crm.live;

import org.springframework.modulith.ApplicationModule;
