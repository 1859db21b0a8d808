-- What lost a field-by-field merge (issue 19): a contact changed both in the CRM and in a staff
-- member's address book since the CRM last wrote it there keeps one value; the other is kept here
-- and shown on the contact's page ("Google had ..."). field: 'name' or 'company'; had_by: whose
-- value it was, 'crm', 'google' or 'outlook'; staff_user_id: whose address book. The same loss
-- (read back by a sync and met again by the write-back) is kept once, with when it first lost.
CREATE TABLE contact_lost_values (
    id BIGINT NOT NULL AUTO_INCREMENT,
    contact_id BIGINT NOT NULL,
    field VARCHAR(32) NOT NULL,
    lost_value VARCHAR(500) NOT NULL,
    had_by VARCHAR(16) NOT NULL,
    staff_user_id BIGINT NOT NULL,
    lost_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_contact_lost_values UNIQUE (contact_id, field, had_by, staff_user_id, lost_value),
    CONSTRAINT fk_contact_lost_values_contact FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
