-- Outlook: per-staff OAuth2 tokens (encrypted at rest by the application) and the Outlook id of a contact.

CREATE TABLE outlook_tokens (
    id BIGINT NOT NULL AUTO_INCREMENT,
    -- the connection belongs to the staff user, not to a browser session
    staff_user_id BIGINT NOT NULL,
    principal_name VARCHAR(64) NOT NULL,
    account VARCHAR(320) NULL,
    access_token TEXT NOT NULL,
    refresh_token TEXT NULL,
    token_type VARCHAR(32) NOT NULL DEFAULT 'Bearer',
    access_token_issued_at DATETIME(6) NULL,
    access_token_expires_at DATETIME(6) NULL,
    scope VARCHAR(1000) NULL,
    needs_reconnect BOOLEAN NOT NULL DEFAULT FALSE,
    version BIGINT NOT NULL DEFAULT 0,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_outlook_tokens_staff_user UNIQUE (staff_user_id),
    CONSTRAINT uk_outlook_tokens_principal UNIQUE (principal_name),
    CONSTRAINT fk_outlook_tokens_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

ALTER TABLE contacts ADD COLUMN outlook_contact_id VARCHAR(255) NULL;
CREATE INDEX idx_contacts_outlook_contact_id ON contacts (outlook_contact_id);
ALTER TABLE contacts MODIFY COLUMN source ENUM('whatsapp','google','outlook','both') NOT NULL DEFAULT 'whatsapp';
