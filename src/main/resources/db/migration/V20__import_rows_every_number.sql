-- Issue 18: a file's row keeps every number and email it gives, so the preview lists them with
-- the person each number belongs to and the import passes them all to the merge. Compact JSON,
-- written and read only by the imports module; a row is kept only until its import ends.
--   numbers: [{"v": "0812-3456-7890", "l": "mobile", "d": "6281234567890", "c": 42, "cn": "Rina"}]
--            (v as the file wrote it, l its label, d the normalized digits of a valid number,
--             c / cn the contact that has that number, when one does)
--   emails:  [{"v": "rina@example.com", "l": "work"}]
ALTER TABLE import_rows ADD COLUMN numbers TEXT NULL;
ALTER TABLE import_rows ADD COLUMN emails TEXT NULL;
