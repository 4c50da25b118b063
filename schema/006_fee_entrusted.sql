-- 006_fee_entrusted.sql: when each entrustment (房屋托管, domain-rules 3.3) began.
--
-- An entrusted home may use at most 5 m³ of water and 20 kWh during the entrustment (托管期间水表
-- 不超过5º,电表不超过20º), counted from the meters read when it starts. `svc fee meter import`
-- sums each meter's use from then on and flags the reading that passes the limit, so it needs the
-- day the home became entrusted: a row here, written by `svc unit add|set|import` in the same
-- audited change that makes a unit's status `entrusted` (since = that local date), and closed
-- (ended_on) when the status changes again. A unit is entrusted by at most one open row.
--
-- A separate table, not a column of `unit`: every unit row's audit snapshot would stop matching
-- a new column, and `svc audit verify` would report them all. Units already entrusted before this
-- migration have no row; `svc fee meter import` then reads the start from the audit log (the entry
-- that last made the unit entrusted) and records it here, audited, the first time it needs it.
CREATE TABLE entrustment (
  id          INTEGER PRIMARY KEY,
  unit_id     INTEGER NOT NULL REFERENCES unit (id),
  since       TEXT    NOT NULL CHECK (since GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  ended_on    TEXT    CHECK (ended_on IS NULL OR ended_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  source      TEXT    NOT NULL CHECK (source IN ('status', 'audit')),  -- audit: recovered from the log
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  CHECK (ended_on IS NULL OR ended_on >= since)
) STRICT;
CREATE UNIQUE INDEX entrustment_open ON entrustment (unit_id) WHERE ended_on IS NULL;
