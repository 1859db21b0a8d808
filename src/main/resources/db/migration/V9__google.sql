-- Google sync: each staff member's People API sync token, and contacts no longer in Google.

CREATE TABLE google_sync_tokens (
    staff_user_id BIGINT NOT NULL,
    sync_token TEXT NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (staff_user_id),
    CONSTRAINT fk_google_sync_tokens_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Set when a contact that only Google had was deleted there: the CRM keeps it, marked.
ALTER TABLE contacts ADD COLUMN google_removed_at DATETIME(6) NULL;
