-- Sync runs become background jobs shared by every app node: the database decides which run
-- is active for a staff member and provider (a lease that its node renews while it works),
-- and holds the run's progress and the schedule of automatic syncs.

ALTER TABLE sync_runs MODIFY status ENUM('running','succeeded','failed','interrupted') NOT NULL;
-- The node working on a running run, its last sign of life, and when its lease runs out.
ALTER TABLE sync_runs ADD COLUMN node_id VARCHAR(100) NULL;
ALTER TABLE sync_runs ADD COLUMN heartbeat_at DATETIME(6) NULL;
ALTER TABLE sync_runs ADD COLUMN lease_expires_at DATETIME(6) NULL;
-- Progress, written once per page together with the counts so far.
ALTER TABLE sync_runs ADD COLUMN phase ENUM('starting','reading','finishing') NULL;
ALTER TABLE sync_runs ADD COLUMN folders_done INT NOT NULL DEFAULT 0;

-- One row per staff member and provider that has ever synced or is connected: the slot that
-- admits one active run at a time (locked with SELECT ... FOR UPDATE while a run is started)
-- and the schedule (next due time, failures in a row for the backoff).
CREATE TABLE sync_accounts (
    staff_user_id BIGINT NOT NULL,
    provider ENUM('outlook','google','whatsapp') NOT NULL,
    active_run_id BIGINT NULL,
    next_due_at DATETIME(6) NOT NULL,
    failures INT NOT NULL DEFAULT 0,
    PRIMARY KEY (staff_user_id, provider),
    CONSTRAINT fk_sync_accounts_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_sync_accounts_due ON sync_accounts (next_due_at);
-- Runs whose lease ran out are found without a scan of the history.
CREATE INDEX idx_sync_runs_status_lease ON sync_runs (status, lease_expires_at);
