-- Name search at a million contacts (issue 22): each word of a contact's name, lower-case and
-- without accents, so "budi" or "sant" is an index range instead of a scan of every name.
-- Filled for existing contacts by V29_1 (Java: the same word rules as the application).
CREATE TABLE contact_name_tokens (
    token VARCHAR(64) NOT NULL,
    contact_id BIGINT NOT NULL,
    PRIMARY KEY (token, contact_id),
    CONSTRAINT fk_contact_name_tokens_contact FOREIGN KEY (contact_id) REFERENCES contacts (id) ON DELETE CASCADE
);
CREATE INDEX idx_contact_name_tokens_contact ON contact_name_tokens (contact_id);
