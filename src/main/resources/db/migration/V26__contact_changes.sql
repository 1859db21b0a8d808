-- The change sequence: one row per contact and committed write (added, edited, merged,
-- deleted), from every writer: pages, the API, syncs, imports, merges. Read by
-- GET /api/contacts/changes and by the pages that follow changes. seq is taken just before
-- the writing transaction commits, so rows normally commit in seq order; a reader keeps the
-- few numbers not yet visible (a transaction still committing, or one rolled back) for a short
-- while in its cursor. A row superseded by a newer one for the same contact is pruned after a
-- while; a deleted contact keeps its last row (deleted = TRUE), so any old cursor still learns
-- of the deletion. No foreign key: the row outlives the contact.
CREATE TABLE contact_changes (
    seq BIGINT NOT NULL AUTO_INCREMENT,
    contact_id BIGINT NOT NULL,
    deleted BOOLEAN NOT NULL DEFAULT FALSE,
    changed_at DATETIME(6) NOT NULL,
    PRIMARY KEY (seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_contact_changes_contact ON contact_changes (contact_id, seq);
