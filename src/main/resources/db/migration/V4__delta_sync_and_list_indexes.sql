-- Delta sync state per staff member and contact folder, contacts no longer in Outlook, and
-- indexes for the contact list at 100,000+ rows.

CREATE TABLE outlook_delta_links (
    staff_user_id BIGINT NOT NULL,
    -- 'default' for the default Contacts folder, else the folder id
    folder_key VARCHAR(255) NOT NULL,
    folder_id VARCHAR(255) NOT NULL,
    delta_link TEXT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (staff_user_id, folder_key),
    CONSTRAINT fk_outlook_delta_links_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Set when a contact that only Outlook had was deleted there: the CRM keeps it, marked.
ALTER TABLE contacts ADD COLUMN outlook_removed_at DATETIME(6) NULL;

ALTER TABLE sync_runs ADD COLUMN removed INT NOT NULL DEFAULT 0;
ALTER TABLE sync_runs ADD COLUMN mode ENUM('full','delta','mixed') NULL;

-- The list filtered by source, newest first, without a sort.
CREATE INDEX idx_contacts_source_updated_at ON contacts (source, updated_at, id);
-- Links of one staff member's address book by folder, for the sweep after a full round.
CREATE INDEX idx_contact_links_folder ON contact_links (staff_user_id, provider, folder_id);
