-- Sync history, provenance of synced contacts, and names that staff edited by hand.

-- A name typed by staff is kept by every sync.
ALTER TABLE contacts ADD COLUMN name_edited BOOLEAN NOT NULL DEFAULT FALSE;

-- Which staff member's address book brought a contact, under which id, and when it was last seen:
-- one row per (contact, staff member, provider), so disconnects, deletions and audits are exact.
CREATE TABLE contact_links (
    contact_id BIGINT NOT NULL,
    staff_user_id BIGINT NOT NULL,
    provider ENUM('outlook','google','whatsapp') NOT NULL,
    external_id VARCHAR(255) NOT NULL,
    change_key VARCHAR(255) NULL,
    folder_id VARCHAR(255) NULL,
    first_seen_at DATETIME(6) NOT NULL,
    last_seen_at DATETIME(6) NOT NULL,
    last_seen_run_id BIGINT NULL,
    PRIMARY KEY (contact_id, staff_user_id, provider),
    CONSTRAINT fk_contact_links_contact FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE CASCADE,
    CONSTRAINT fk_contact_links_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_contact_links_external ON contact_links (staff_user_id, provider, external_id);

-- Every sync run: who, how it was started, when, what it counted, how it ended.
CREATE TABLE sync_runs (
    id BIGINT NOT NULL AUTO_INCREMENT,
    staff_user_id BIGINT NOT NULL,
    provider ENUM('outlook','google','whatsapp') NOT NULL,
    trigger_type ENUM('manual','scheduled') NOT NULL DEFAULT 'manual',
    status ENUM('running','succeeded','failed') NOT NULL,
    started_at DATETIME(6) NOT NULL,
    finished_at DATETIME(6) NULL,
    duration_ms BIGINT NULL,
    added INT NOT NULL DEFAULT 0,
    updated INT NOT NULL DEFAULT 0,
    merged INT NOT NULL DEFAULT 0,
    unchanged INT NOT NULL DEFAULT 0,
    skipped_no_phone INT NOT NULL DEFAULT 0,
    skipped_invalid_phone INT NOT NULL DEFAULT 0,
    duplicates INT NOT NULL DEFAULT 0,
    total INT NOT NULL DEFAULT 0,
    folders INT NOT NULL DEFAULT 0,
    error_code VARCHAR(64) NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_sync_runs_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_sync_runs_staff_provider ON sync_runs (staff_user_id, provider, started_at);
CREATE INDEX idx_sync_runs_started_at ON sync_runs (started_at);
