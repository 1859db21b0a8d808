-- Hand-typed and imported contacts get their own source, 'manual' ("Added by hand"), instead of
-- being labelled WhatsApp. The column default stays 'whatsapp' for rows written without a source.
ALTER TABLE contacts MODIFY COLUMN source ENUM('whatsapp','google','outlook','both','manual') NOT NULL DEFAULT 'whatsapp';

-- Rows typed by hand before this release: labelled WhatsApp, but no address book ever brought them
-- (no provenance link) and their name was typed by staff.
UPDATE contacts SET source = 'manual'
WHERE source = 'whatsapp' AND name_edited = TRUE
  AND NOT EXISTS (SELECT 1 FROM contact_links l WHERE l.contact_id = contacts.id);
