-- The Contacts page's "WhatsApp" source filter as an indexed virtual column, like known_to_google
-- (V18). Its condition was the source or a WhatsApp link, tested contact by contact: MariaDB answered
-- the link's EXISTS by reading every address-book link (90-120 ms a page at a million contacts) and
-- walked the newest contacts one by one when the matches were older. whatsapp_linked is written, not
-- computed: ContactChanges, which every contact write goes through, sets it again for the contacts
-- a write may have linked or unlinked (as known_from_import, V31).
ALTER TABLE contacts ADD COLUMN whatsapp_linked BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE contacts SET whatsapp_linked = TRUE
    WHERE id IN (SELECT contact_id FROM contact_links WHERE provider = 'whatsapp');
ALTER TABLE contacts ADD COLUMN known_to_whatsapp BOOLEAN GENERATED ALWAYS AS (source = 'whatsapp' OR source = 'both' OR whatsapp_linked);
CREATE INDEX idx_contacts_known_to_whatsapp ON contacts (known_to_whatsapp, updated_at, id);
