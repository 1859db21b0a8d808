-- One table of per-staff OAuth2 connections for every provider. It generalizes outlook_tokens:
-- every Outlook connection moves here unchanged as provider 'microsoft' (its ciphertexts stay
-- bound to their old associated data, so they still decrypt), then the old table goes.

CREATE TABLE oauth_connections (
    id BIGINT NOT NULL AUTO_INCREMENT,
    staff_user_id BIGINT NOT NULL,
    -- the OAuth2 registration id: 'microsoft', 'google'
    provider VARCHAR(32) NOT NULL,
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
    CONSTRAINT uk_oauth_connections_staff_provider UNIQUE (staff_user_id, provider),
    CONSTRAINT uk_oauth_connections_principal_provider UNIQUE (principal_name, provider),
    CONSTRAINT fk_oauth_connections_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO oauth_connections (staff_user_id, provider, principal_name, account, access_token, refresh_token,
        token_type, access_token_issued_at, access_token_expires_at, scope, needs_reconnect, version, created_at,
        updated_at)
    SELECT staff_user_id, 'microsoft', principal_name, account, access_token, refresh_token, token_type,
        access_token_issued_at, access_token_expires_at, scope, needs_reconnect, version, created_at, updated_at
    FROM outlook_tokens;

DROP TABLE outlook_tokens;
