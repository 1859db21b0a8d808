-- WhatsApp through the linked-device gateway: each staff member's link, and the ids of webhooks
-- already handled (Standard Webhooks replay protection).

-- One row per staff member who asked to link WhatsApp. The QR payload is short-lived (WhatsApp
-- rotates it every ~20 s) and is cleared once the device is linked or the link ends.
CREATE TABLE whatsapp_links (
    staff_user_id BIGINT NOT NULL,
    state ENUM('requested','qr','linked','logged_out','error') NOT NULL,
    phone VARCHAR(20) NULL,
    name VARCHAR(500) NULL,
    qr VARCHAR(1000) NULL,
    qr_at DATETIME(6) NULL,
    reason VARCHAR(64) NULL,
    requested_at DATETIME(6) NOT NULL,
    linked_at DATETIME(6) NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (staff_user_id),
    CONSTRAINT fk_whatsapp_links_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A resync asked of the gateway for a sync run: the run is complete when the last of its batches
-- arrived (batches_done = batches), whichever node receives them.
CREATE TABLE whatsapp_resyncs (
    request_id VARCHAR(100) NOT NULL,
    staff_user_id BIGINT NOT NULL,
    run_id BIGINT NOT NULL,
    batches INT NULL,
    batches_done INT NOT NULL DEFAULT 0,
    added INT NOT NULL DEFAULT 0,
    updated INT NOT NULL DEFAULT 0,
    merged INT NOT NULL DEFAULT 0,
    unchanged INT NOT NULL DEFAULT 0,
    skipped_no_phone INT NOT NULL DEFAULT 0,
    skipped_invalid_phone INT NOT NULL DEFAULT 0,
    duplicates INT NOT NULL DEFAULT 0,
    total INT NOT NULL DEFAULT 0,
    -- contacts the gateway knows only by an @lid id, without a phone: counted, never imported
    without_phone INT NOT NULL DEFAULT 0,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (request_id),
    CONSTRAINT fk_whatsapp_resyncs_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_whatsapp_resyncs_created_at ON whatsapp_resyncs (created_at);

-- Webhook ids already handled: a replay is answered 200 without effect. Old ids are deleted
-- after a day (far beyond the 5 minutes a signed timestamp is accepted for).
CREATE TABLE whatsapp_webhook_ids (
    webhook_id VARCHAR(255) NOT NULL,
    received_at DATETIME(6) NOT NULL,
    PRIMARY KEY (webhook_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_whatsapp_webhook_ids_received_at ON whatsapp_webhook_ids (received_at);
