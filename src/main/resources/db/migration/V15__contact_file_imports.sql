-- Importing contacts from a CSV or vCard file: an upload is parsed once into rows that say what
-- would happen to each (the preview), kept in the database so that the confirm may reach any
-- node; the import itself is a run in the sync history under the provider 'import'.

ALTER TABLE sync_runs MODIFY provider ENUM('outlook','google','whatsapp','import') NOT NULL;
ALTER TABLE sync_accounts MODIFY provider ENUM('outlook','google','whatsapp','import') NOT NULL;

-- One uploaded file and its preview counts; 'confirmed' once staff confirmed it (the import run
-- picks it up), 'imported' when the run has merged it (its rows are then deleted).
CREATE TABLE import_uploads (
    id BIGINT NOT NULL AUTO_INCREMENT,
    staff_user_id BIGINT NOT NULL,
    file_name VARCHAR(255) NOT NULL,
    format ENUM('csv','vcard') NOT NULL,
    state ENUM('previewed','confirmed','importing','imported') NOT NULL,
    columns_used VARCHAR(1000) NULL,
    total INT NOT NULL DEFAULT 0,
    new_contacts INT NOT NULL DEFAULT 0,
    merges INT NOT NULL DEFAULT 0,
    unchanged INT NOT NULL DEFAULT 0,
    duplicates INT NOT NULL DEFAULT 0,
    no_phone INT NOT NULL DEFAULT 0,
    invalid_phone INT NOT NULL DEFAULT 0,
    run_id BIGINT NULL,
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_import_uploads_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_import_uploads_staff_state ON import_uploads (staff_user_id, state, id);
CREATE INDEX idx_import_uploads_created_at ON import_uploads (created_at);

-- Each row of an upload as read from the file, normalized, with what the preview found for it.
CREATE TABLE import_rows (
    upload_id BIGINT NOT NULL,
    row_no INT NOT NULL,
    outcome ENUM('new','merge','unchanged','duplicate','no_phone','invalid') NOT NULL,
    name VARCHAR(500) NULL,
    phone VARCHAR(20) NULL,
    raw_phone VARCHAR(255) NULL,
    email VARCHAR(320) NULL,
    company VARCHAR(255) NULL,
    lead_status VARCHAR(20) NULL,
    notes TEXT NULL,
    contact_id BIGINT NULL,
    contact_name VARCHAR(500) NULL,
    duplicate_of INT NULL,
    PRIMARY KEY (upload_id, row_no),
    CONSTRAINT fk_import_rows_upload FOREIGN KEY (upload_id) REFERENCES import_uploads (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_import_rows_outcome ON import_rows (upload_id, outcome, row_no);
