-- Optimistic locking: every writer of a contact (the edit form, in-place changes, bulk
-- changes, the syncs' batches) adds one, so an edit saved on a stale copy is noticed.
ALTER TABLE contacts ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
