-- Syncs asked for between schedules, and Outlook change notifications.

-- A run asked for now (an Outlook change notification, a missed-notification event): set once,
-- kept while a run is going (at most one follow-up run however many arrive), cleared when a run
-- for the request is claimed. Any node claims it, as due accounts are claimed.
ALTER TABLE sync_accounts ADD COLUMN requested_at DATETIME(6) NULL;
-- When the account's owner last used the CRM (written at most once a minute per staff member and
-- node): providers that poll by activity (Google) sync more often while it is recent.
ALTER TABLE sync_accounts ADD COLUMN owner_active_at DATETIME(6) NULL;
CREATE INDEX idx_sync_accounts_requested ON sync_accounts (requested_at);

-- One Graph subscription per connected Outlook account, on /me/contacts (every contact folder).
-- The clientState Graph echoes in each notification is a secret: only its SHA-256 is kept, which
-- also finds the row for a notification that arrives before the subscription id is stored.
-- Creating, renewing and deleting is done by one node at a time: the one whose lease on the row
-- (lease_owner, lease_until) the database granted.
CREATE TABLE outlook_subscriptions (
    staff_user_id BIGINT NOT NULL,
    subscription_id VARCHAR(200) NULL,
    client_state_hash CHAR(64) NULL,
    expires_at DATETIME(6) NULL,
    lease_owner VARCHAR(100) NULL,
    lease_until DATETIME(6) NULL,
    failures INT NOT NULL DEFAULT 0,
    retry_at DATETIME(6) NULL,
    renewals INT NOT NULL DEFAULT 0,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (staff_user_id),
    CONSTRAINT uk_outlook_subscriptions_client_state UNIQUE (client_state_hash),
    CONSTRAINT fk_outlook_subscriptions_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A run started because a sync was asked for (a change notification), not by the schedule.
ALTER TABLE sync_runs MODIFY trigger_type ENUM('manual','scheduled','requested') NOT NULL DEFAULT 'manual';
