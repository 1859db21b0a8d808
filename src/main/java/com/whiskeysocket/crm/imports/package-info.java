/**
 * Importing contacts from a file (CSV or vCard): the upload, parsed once into a preview
 * of what each row would do and kept in the database (so the confirm may reach any node),
 * then the import itself as a run in the sync history, merged page by page through
 * {@code contacts.ContactImport}. Exporting lives with the contact list in
 * {@code contacts}.
 */
@ApplicationModule(allowedDependencies = { "contacts", "sync", "staff", "audit" })
package com.whiskeysocket.crm.imports;

import org.springframework.modulith.ApplicationModule;
