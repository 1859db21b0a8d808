-- Write-back: CRM contacts saved into each staff member's own Google Contacts and Outlook.

-- One row per staff member and provider ('google', 'outlook') who was ever offered it; off by
-- default. scope 'owned' = the contacts the staff member owns, 'all' = every contact; statuses =
-- comma-separated lead status codes, NULL = any. The lease (lease_owner, lease_until) is the one
-- node working this address book now (claimed with SELECT ... FOR UPDATE SKIP LOCKED), so a
-- provider's mutations for one user go one at a time. fill_after_id is the cursor of the first
-- filling of the address book after turning it on (NULL = filled). paused_reason is set when the
-- connection cannot write (consent withdrawn): work waits, nothing is lost.
CREATE TABLE write_back_settings (
    staff_user_id BIGINT NOT NULL,
    provider VARCHAR(16) NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT FALSE,
    scope VARCHAR(8) NOT NULL DEFAULT 'owned',
    statuses VARCHAR(200) NULL,
    fill_after_id BIGINT NULL,
    paused_reason VARCHAR(64) NULL,
    lease_owner VARCHAR(100) NULL,
    lease_until DATETIME(6) NULL,
    last_written_at DATETIME(6) NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (staff_user_id, provider),
    CONSTRAINT fk_write_back_settings_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The outbox: one row per contact x staff member x provider waiting to be written, coalesced (a
-- change while the row waits only counts; generation moves so that a write already under way
-- does not delete a newer change). No foreign key to contacts: a deleted contact's row is what
-- removes its copy from the address book. typed = a person changed it in the CRM (page, API).
CREATE TABLE write_back_outbox (
    contact_id BIGINT NOT NULL,
    staff_user_id BIGINT NOT NULL,
    provider VARCHAR(16) NOT NULL,
    generation BIGINT NOT NULL DEFAULT 1,
    typed BOOLEAN NOT NULL DEFAULT FALSE,
    due_at DATETIME(6) NOT NULL,
    attempts INT NOT NULL DEFAULT 0,
    last_error VARCHAR(64) NULL,
    failed BOOLEAN NOT NULL DEFAULT FALSE,
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (staff_user_id, provider, contact_id),
    CONSTRAINT fk_write_back_outbox_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX idx_write_back_outbox_due ON write_back_outbox (staff_user_id, provider, failed, due_at);

-- What the CRM last wrote into an address book: the provider's id of the copy, its etag (Google)
-- or changeKey (Graph) after the write, and the values written (JSON). A read that brings back
-- exactly this is the CRM's own write (no loop); anything else is the base of the three-way merge.
-- created_by_crm: the CRM made this copy (else it linked a person the address book already had).
CREATE TABLE write_back_copies (
    contact_id BIGINT NOT NULL,
    staff_user_id BIGINT NOT NULL,
    provider VARCHAR(16) NOT NULL,
    external_id VARCHAR(255) NOT NULL,
    etag VARCHAR(255) NULL,
    written_values TEXT NOT NULL,
    created_by_crm BOOLEAN NOT NULL,
    written_at DATETIME(6) NOT NULL,
    -- deleted in the address book by its owner: the CRM keeps the contact and stops writing it
    detached_at DATETIME(6) NULL,
    PRIMARY KEY (staff_user_id, provider, contact_id),
    CONSTRAINT uk_write_back_copies_external UNIQUE (staff_user_id, provider, external_id),
    CONSTRAINT fk_write_back_copies_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX idx_write_back_copies_contact ON write_back_copies (contact_id);
