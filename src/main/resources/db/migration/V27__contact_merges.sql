-- Merges of duplicate contacts, each undoable for 30 days, and where a merged-away
-- contact's old URLs lead.

CREATE TABLE contact_merges (
    id BIGINT NOT NULL AUTO_INCREMENT,
    survivor_id BIGINT NOT NULL,
    -- the contacts merged into the survivor (deleted by the merge), ascending, comma-separated
    merged_ids VARCHAR(200) NOT NULL,
    staff_user_id BIGINT NULL,
    staff_name VARCHAR(120) NULL,
    created_at DATETIME(6) NOT NULL,
    undone_at DATETIME(6) NULL,
    undone_by VARCHAR(120) NULL,
    -- JSON: every affected row before the merge (contacts and the rows that belong to
    -- them), the rows the merge dropped, and the survivor's row right after it
    snapshot LONGTEXT NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_contact_merges_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_contact_merges_survivor ON contact_merges (survivor_id, created_at);
CREATE INDEX idx_contact_merges_created_at ON contact_merges (created_at);

CREATE TABLE contact_redirects (
    merged_id BIGINT NOT NULL,
    survivor_id BIGINT NOT NULL,
    merge_id BIGINT NOT NULL,
    PRIMARY KEY (merged_id),
    CONSTRAINT fk_contact_redirects_survivor FOREIGN KEY (survivor_id) REFERENCES contacts (id) ON DELETE CASCADE,
    CONSTRAINT fk_contact_redirects_merge FOREIGN KEY (merge_id) REFERENCES contact_merges (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_contact_redirects_survivor ON contact_redirects (survivor_id);
