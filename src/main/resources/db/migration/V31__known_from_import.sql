-- The Contacts page's "imported" source filter on the contact row: whether a file import brought
-- any of the person's numbers or emails (an 'import' row in contact_phone_sources for one of its
-- numbers, or in contact_email_sources). As two EXISTS tested contact by contact, newest first,
-- it took 9 s at a million contacts; as an indexed flag the page reads the newest matches in order
-- and stops, like known_to_google (V18). Unlike those it is written, not computed: ContactChanges,
-- which every contact write goes through, sets it again for the contacts a write changed.
ALTER TABLE contacts ADD COLUMN known_from_import BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE contacts SET known_from_import = TRUE
    WHERE id IN (SELECT p.contact_id FROM contact_phones p JOIN contact_phone_sources s ON s.phone = p.phone
                 WHERE s.source = 'import');
UPDATE contacts SET known_from_import = TRUE
    WHERE id IN (SELECT contact_id FROM contact_email_sources WHERE source = 'import');
CREATE INDEX idx_contacts_known_from_import ON contacts (known_from_import, updated_at, id);
