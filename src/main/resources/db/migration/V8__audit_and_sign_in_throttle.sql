-- The audit trail: who did what, when, from which address. Never a password or a token.
CREATE TABLE audit_events (
    id BIGINT NOT NULL AUTO_INCREMENT,
    occurred_at DATETIME(6) NOT NULL,
    actor VARCHAR(100) NULL,
    action VARCHAR(64) NOT NULL,
    target VARCHAR(200) NULL,
    detail VARCHAR(500) NULL,
    address VARCHAR(45) NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_audit_events_occurred ON audit_events (occurred_at);
CREATE INDEX idx_audit_events_actor ON audit_events (actor, id);
CREATE INDEX idx_audit_events_action ON audit_events (action, id);

-- Failed sign-ins per account ("account:<name>") and per client address ("address:<ip>"), shared by
-- every node: the failure count, the last failure and the end of the current delay or lock.
CREATE TABLE sign_in_throttle (
    throttle_key VARCHAR(120) NOT NULL,
    failures INT NOT NULL DEFAULT 0,
    last_failure_at DATETIME(6) NULL,
    locked_until DATETIME(6) NULL,
    PRIMARY KEY (throttle_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
