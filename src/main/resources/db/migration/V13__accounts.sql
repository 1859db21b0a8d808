-- New password hashes are PBKDF2 ({pbkdf2@SpringSecurity_v5_8} + 96 hex digits: 124 characters);
-- bcrypt hashes ({bcrypt}$2a$…, 68 characters) are read until their owner next signs in.
ALTER TABLE staff_users MODIFY COLUMN password_hash VARCHAR(255) NOT NULL;
-- Set when an admin resets the password: the one-time password must be changed at the next sign-in.
ALTER TABLE staff_users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
