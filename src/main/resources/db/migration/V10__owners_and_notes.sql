-- Contact owners, the notes timeline, and list filters by lead status and owner.

-- The staff member a contact is assigned to; a deleted account leaves its contacts unassigned.
ALTER TABLE contacts ADD COLUMN owner_id BIGINT NULL;
ALTER TABLE contacts ADD CONSTRAINT fk_contacts_owner FOREIGN KEY (owner_id) REFERENCES staff_users (id) ON DELETE SET NULL;
CREATE INDEX idx_contacts_owner_updated_at ON contacts (owner_id, updated_at, id);
CREATE INDEX idx_contacts_status_updated_at ON contacts (lead_status, updated_at, id);

-- Dated notes on a contact, each with its author (kept by name if the account goes away).
CREATE TABLE contact_notes (
    id BIGINT NOT NULL AUTO_INCREMENT,
    contact_id BIGINT NOT NULL,
    author_id BIGINT NULL,
    author_name VARCHAR(120) NOT NULL,
    body TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_contact_notes_contact FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE CASCADE,
    CONSTRAINT fk_contact_notes_author FOREIGN KEY (author_id) REFERENCES staff_users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_contact_notes_contact ON contact_notes (contact_id, created_at, id);
