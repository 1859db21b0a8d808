-- The sweep after a full read finds a staff member's links through idx_contact_links_external;
-- idx_contact_links_folder was never used and only slowed every link write.
DROP INDEX idx_contact_links_folder ON contact_links;
