-- 007_audit_refs.sql: the extra records an audit entry is listed under, inside the hash chain.
--
-- An entry is indexed in audit_ref under its entity, every record whose rows it changed, and any
-- extra record its command names (the units whose reminders one `fee remind` batch settled).
-- The first two can be recomputed from the entry itself; the extras could not, so `audit verify`
-- could not prove the index whole. From this migration on, an entry stores its extra refs here
-- (a JSON array, "[]" when none) and its hash covers them; verify then rebuilds the index of every
-- such entry exactly. Older entries keep NULL and their old hash, and are checked as far as their
-- contents allow (every ref they imply is indexed).
ALTER TABLE audit ADD COLUMN refs TEXT;
