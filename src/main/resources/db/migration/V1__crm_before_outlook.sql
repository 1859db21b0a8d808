-- The CRM before Outlook: staff accounts and the shared contact list, keyed by normalized phone.
-- MySQL dialect; runs unchanged on MySQL 8, TiDB, MariaDB 10.11+ and H2 in MODE=MySQL.

CREATE TABLE staff_users (
    id BIGINT NOT NULL AUTO_INCREMENT,
    username VARCHAR(64) NOT NULL,
    display_name VARCHAR(120) NOT NULL,
    password_hash VARCHAR(100) NOT NULL,
    role ENUM('ADMIN','STAFF') NOT NULL DEFAULT 'STAFF',
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_staff_users_username UNIQUE (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE contacts (
    id BIGINT NOT NULL AUTO_INCREMENT,
    name VARCHAR(500) NOT NULL,
    -- E.164 digits without '+', e.g. 6281234567890: the form WhatsApp ids use
    phone VARCHAR(20) NOT NULL,
    email VARCHAR(320) NULL,
    company VARCHAR(255) NULL,
    google_contact_id VARCHAR(255) NULL,
    source ENUM('whatsapp','google','both') NOT NULL DEFAULT 'whatsapp',
    lead_status ENUM('new','contacted','qualified','won','lost') NOT NULL DEFAULT 'new',
    notes TEXT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (id),
    CONSTRAINT uk_contacts_phone UNIQUE (phone)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_contacts_updated_at ON contacts (updated_at, id);
CREATE INDEX idx_contacts_name ON contacts (name, id);
CREATE INDEX idx_contacts_google_contact_id ON contacts (google_contact_id);
