-- Personal access tokens for scripts calling /api/**. Only the SHA-256 of a token is kept (hex); the
-- token itself is shown once, when it is created. A revoked token keeps its row for the admin's list.
CREATE TABLE api_tokens (
    id BIGINT NOT NULL AUTO_INCREMENT,
    staff_id BIGINT NOT NULL,
    name VARCHAR(100) NOT NULL,
    token_hash CHAR(64) NOT NULL,
    -- the token's first characters (e.g. "wsc_Ab3x"), so its owner can tell tokens apart
    token_hint VARCHAR(12) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NULL,
    -- written at most once a minute per token
    last_used_at DATETIME(6) NULL,
    revoked_at DATETIME(6) NULL,
    revoked_by VARCHAR(64) NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_api_tokens_hash UNIQUE (token_hash),
    CONSTRAINT fk_api_tokens_staff FOREIGN KEY (staff_id) REFERENCES staff_users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_api_tokens_staff ON api_tokens (staff_id, id);
