-- People, not phone numbers (issue 18): a contact has many numbers, many emails, several identities
-- per source, and what each source knows of it. contacts.phone and contacts.email stay as the
-- denormalized PRIMARY number and email, so every reader of one number keeps working; the
-- uniqueness of a number moves to contact_phones. Today's data moves over: each contact's number
-- becomes its primary number, its email its primary email, with the sources its provenance shows.
-- MySQL dialect; runs on MariaDB 10.11, MySQL 8 and H2 in MODE=MySQL.

-- Every number of a contact, E.164 digits without '+'. A number belongs to at most one contact (it
-- is the key); exactly one number of a contact is primary (at most one is enforced here through
-- primary_of, NULL for the others; the application keeps one and copies it to contacts.phone).
CREATE TABLE contact_phones (
    phone VARCHAR(20) NOT NULL,
    contact_id BIGINT NOT NULL,
    -- mobile, work, home, main, other, or the source's own label text; NULL when none was given
    label VARCHAR(64) NULL,
    is_primary BOOLEAN NOT NULL DEFAULT FALSE,
    primary_of BIGINT GENERATED ALWAYS AS (CASE WHEN is_primary THEN contact_id ELSE NULL END),
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (phone),
    CONSTRAINT uk_contact_phones_primary UNIQUE (primary_of),
    CONSTRAINT fk_contact_phones_contact FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_contact_phones_contact ON contact_phones (contact_id, is_primary);

-- Who knows a number: 'manual' (typed by hand), 'outlook' / 'google' / 'whatsapp' (that staff
-- member's address book or linked phone), 'import' (a file that staff member imported).
-- staff_user_id 0 means no staff member: typed by hand, or known to a source before this migration
-- without a link telling whose. A number goes when the last source that knew it lets it go.
CREATE TABLE contact_phone_sources (
    phone VARCHAR(20) NOT NULL,
    source ENUM('manual','outlook','google','whatsapp','import') NOT NULL,
    staff_user_id BIGINT NOT NULL DEFAULT 0,
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (phone, source, staff_user_id),
    CONSTRAINT fk_contact_phone_sources_phone FOREIGN KEY (phone) REFERENCES contact_phones (phone)
        ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Every email of a contact; email_key is the address lower-cased (written by the application),
-- indexed to match case-insensitively across contacts. Not unique across contacts (shared mailboxes).
CREATE TABLE contact_emails (
    contact_id BIGINT NOT NULL,
    email_key VARCHAR(320) NOT NULL,
    email VARCHAR(320) NOT NULL,
    label VARCHAR(64) NULL,
    is_primary BOOLEAN NOT NULL DEFAULT FALSE,
    primary_of BIGINT GENERATED ALWAYS AS (CASE WHEN is_primary THEN contact_id ELSE NULL END),
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (contact_id, email_key),
    CONSTRAINT uk_contact_emails_primary UNIQUE (primary_of),
    CONSTRAINT fk_contact_emails_contact FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_contact_emails_key ON contact_emails (email_key, contact_id);

-- Who knows an email, as for numbers.
CREATE TABLE contact_email_sources (
    contact_id BIGINT NOT NULL,
    email_key VARCHAR(320) NOT NULL,
    source ENUM('manual','outlook','google','whatsapp','import') NOT NULL,
    staff_user_id BIGINT NOT NULL DEFAULT 0,
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (contact_id, email_key, source, staff_user_id),
    CONSTRAINT fk_contact_email_sources_email FOREIGN KEY (contact_id, email_key)
        REFERENCES contact_emails (contact_id, email_key) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Pairs of contacts that may be one person (contact_a < contact_b), with why: the same email, the
-- same name and company, or one incoming contact whose numbers belong to both. Dismissed pairs stay,
-- so "not the same person" holds for good.
CREATE TABLE contact_duplicates (
    id BIGINT NOT NULL AUTO_INCREMENT,
    contact_a BIGINT NOT NULL,
    contact_b BIGINT NOT NULL,
    reason ENUM('email','name','phone') NOT NULL,
    detail VARCHAR(500) NULL,
    created_at DATETIME(6) NOT NULL,
    dismissed_at DATETIME(6) NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_contact_duplicates_pair UNIQUE (contact_a, contact_b, reason),
    CONSTRAINT fk_contact_duplicates_a FOREIGN KEY (contact_a) REFERENCES contacts (id) ON DELETE CASCADE,
    CONSTRAINT fk_contact_duplicates_b FOREIGN KEY (contact_b) REFERENCES contacts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_contact_duplicates_b ON contact_duplicates (contact_b);
CREATE INDEX idx_contact_duplicates_open ON contact_duplicates (dismissed_at, id);

-- Identities: a source may hold several entries for one person (two Outlook contacts of one mailbox
-- merged into one person; a WhatsApp JID and LID). An entry of a staff member's address book feeds
-- one contact; a contact may have many. Where today's data has one entry on two contacts, the one
-- seen last stays.
DELETE FROM contact_links WHERE (contact_id, staff_user_id, provider) IN (
    SELECT contact_id, staff_user_id, provider FROM (
        SELECT l.contact_id, l.staff_user_id, l.provider FROM contact_links l
        JOIN contact_links m ON m.staff_user_id = l.staff_user_id AND m.provider = l.provider
            AND m.external_id = l.external_id AND m.contact_id <> l.contact_id
            AND (m.last_seen_at > l.last_seen_at OR (m.last_seen_at = l.last_seen_at AND m.contact_id > l.contact_id))
    ) older
);
CREATE INDEX idx_contact_links_contact ON contact_links (contact_id, provider);
ALTER TABLE contact_links DROP PRIMARY KEY;
ALTER TABLE contact_links ADD PRIMARY KEY (staff_user_id, provider, external_id);
DROP INDEX idx_contact_links_external ON contact_links;

-- The primary number may be absent (a WhatsApp person known only by a LID) and is no longer the key.
ALTER TABLE contacts DROP INDEX uk_contacts_phone;
ALTER TABLE contacts MODIFY COLUMN phone VARCHAR(20) NULL;
CREATE INDEX idx_contacts_phone ON contacts (phone);

-- The name and company with case, spacing and accents ignored (written by the application; here
-- without the accents step, which the databases' accent-insensitive collations cover), so that
-- "same name and company" is one indexed lookup.
ALTER TABLE contacts ADD COLUMN name_key VARCHAR(300) NULL;
UPDATE contacts SET name_key = LEFT(CONCAT(LOWER(TRIM(REGEXP_REPLACE(name, ' +', ' '))), ' | ',
    COALESCE(LOWER(TRIM(REGEXP_REPLACE(company, ' +', ' '))), '')), 300);
CREATE INDEX idx_contacts_name_key ON contacts (name_key);

-- Today's numbers: each contact's phone is its primary number. WhatsApp numbers are mobiles.
INSERT INTO contact_phones (phone, contact_id, label, is_primary, created_at)
SELECT phone, id, CASE WHEN source IN ('whatsapp', 'both') THEN 'mobile' ELSE NULL END, TRUE, created_at
FROM contacts WHERE phone IS NOT NULL;

-- Who knows each number: every provenance link; 'manual' for contacts added by hand or imported;
-- and the source the contact's own columns name where no link says whose.
INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at)
SELECT c.phone, l.provider, l.staff_user_id, l.first_seen_at
FROM contact_links l JOIN contacts c ON c.id = l.contact_id
WHERE c.phone IS NOT NULL;

INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at)
SELECT phone, 'manual', 0, created_at FROM contacts WHERE source = 'manual' AND phone IS NOT NULL;

INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at)
SELECT c.phone, 'whatsapp', 0, c.created_at FROM contacts c
WHERE c.source IN ('whatsapp', 'both') AND c.phone IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM contact_links l WHERE l.contact_id = c.id AND l.provider = 'whatsapp');

INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at)
SELECT c.phone, 'outlook', 0, c.created_at FROM contacts c
WHERE (c.source = 'outlook' OR c.outlook_contact_id IS NOT NULL) AND c.phone IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM contact_links l WHERE l.contact_id = c.id AND l.provider = 'outlook');

INSERT INTO contact_phone_sources (phone, source, staff_user_id, created_at)
SELECT c.phone, 'google', 0, c.created_at FROM contacts c
WHERE (c.source = 'google' OR c.google_contact_id IS NOT NULL) AND c.phone IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM contact_links l WHERE l.contact_id = c.id AND l.provider = 'google');

-- Today's emails: each contact's email is its primary email, known to whatever knows its number.
INSERT INTO contact_emails (contact_id, email_key, email, label, is_primary, created_at)
SELECT id, LOWER(TRIM(email)), TRIM(email), NULL, TRUE, created_at
FROM contacts WHERE email IS NOT NULL AND TRIM(email) <> '';

INSERT INTO contact_email_sources (contact_id, email_key, source, staff_user_id, created_at)
SELECT e.contact_id, e.email_key, s.source, s.staff_user_id, s.created_at
FROM contact_emails e JOIN contacts c ON c.id = e.contact_id JOIN contact_phone_sources s ON s.phone = c.phone;
