-- WhatsApp LIDs (private ids that hide a person's number) whose number WhatsApp has revealed, as
-- the gateway learns them (issue 18). A LID names one WhatsApp account whoever sees it, so one
-- row per LID, whichever staff member's phone reported it (the last one is kept, for the logs).
-- A person the CRM knows only by a LID gets its number from here, from any staff member's phone.
CREATE TABLE whatsapp_lid_mappings (
    lid VARCHAR(40) NOT NULL,
    phone VARCHAR(20) NOT NULL,
    staff_user_id BIGINT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    PRIMARY KEY (lid),
    CONSTRAINT fk_whatsapp_lid_mappings_staff_user FOREIGN KEY (staff_user_id) REFERENCES staff_users (id)
        ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE INDEX idx_whatsapp_lid_mappings_phone ON whatsapp_lid_mappings (phone);
