-- 001_init.sql: the foundation — site settings, staff, units and the hash-chained audit log.
--
-- Conventions for every svc table (architecture.md, "SQLite"):
--   * STRICT tables with CHECK constraints, so a wrong type is an error, not a silent cast;
--   * money is INTEGER fen, areas INTEGER hundredths of m², timestamps INTEGER unix seconds (UTC),
--     calendar dates TEXT 'YYYY-MM-DD' in site local time;
--   * no DEFAULT taken from SQL's clock: every time comes from svc's Clock (--now / SVC_NOW);
--   * a v_<table> view presents local ISO-8601 times for people who open the file with sqlite3.
-- Migrations are append-only: never edit a released file, add NNN_next.sql instead.

-- One row: what `svc init` recorded about the site. utc_offset lets the views show local time.
CREATE TABLE site (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  name        TEXT    NOT NULL,
  utc_offset  INTEGER NOT NULL CHECK (utc_offset BETWEEN -86399 AND 86399),  -- seconds east of UTC
  created_at  INTEGER NOT NULL
) STRICT;

-- Staff members: who may act, and with which role (policy [roles]).
CREATE TABLE staff (
  id          INTEGER PRIMARY KEY,
  login       TEXT    NOT NULL UNIQUE CHECK (length(login) BETWEEN 1 AND 64),
  name        TEXT    NOT NULL CHECK (length(name) >= 1),
  role        TEXT    NOT NULL,                     -- validated against the policy's roles
  phone       TEXT,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

-- Units (户): one row per home. code is building-entrance-room, e.g. 3-2-1501.
CREATE TABLE unit (
  id            INTEGER PRIMARY KEY,
  code          TEXT    NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
  building      TEXT    NOT NULL,
  entrance      TEXT    NOT NULL DEFAULT '',
  room          TEXT    NOT NULL,
  area_centi    INTEGER NOT NULL CHECK (area_centi > 0),          -- hundredths of m²
  status        TEXT    NOT NULL CHECK (status IN ('occupied', 'vacant', 'entrusted', 'rented')),
  owner_name    TEXT    NOT NULL DEFAULT '',
  owner_phone   TEXT,
  tenant_name   TEXT,
  tenant_phone  TEXT,
  moved_in      TEXT CHECK (moved_in IS NULL OR moved_in GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  has_parking   INTEGER NOT NULL DEFAULT 0 CHECK (has_parking IN (0, 1)),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX unit_building ON unit (building, entrance, room);

-- The audit log: one entry per mutating command, written in the command's own transaction.
-- changes is JSON: [{"table","id","before","after","row_hash"}...]; row_hash is the SHA-256 of the
-- row's canonical JSON after the change, so `svc audit verify` can also prove that no audited row
-- was edited behind svc's back. hash = SHA-256 over prev_hash and this entry's fields (a chain:
-- altering or removing any entry breaks every later hash).
CREATE TABLE audit (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  actor       TEXT    NOT NULL,
  command     TEXT    NOT NULL,      -- the command line as typed (argv joined)
  action      TEXT    NOT NULL,      -- e.g. unit.import, staff.add
  entity      TEXT    NOT NULL,      -- the main record touched, e.g. 3-2-1501, staff:li, T12
  changes     TEXT    NOT NULL,
  prev_hash   TEXT    NOT NULL,
  hash        TEXT    NOT NULL UNIQUE
) STRICT;
CREATE INDEX audit_entity ON audit (entity);

-- Every record an audit entry touched, by its reference (3-2-1501, staff:li, T12), so
-- `svc audit log --entity 3-2-1501` also finds the import that changed that unit. An index of the
-- chained changes above, written in the same transaction; verify does not rely on it.
CREATE TABLE audit_ref (
  audit_id  INTEGER NOT NULL REFERENCES audit (id),
  ref       TEXT    NOT NULL,
  PRIMARY KEY (ref, audit_id)
) STRICT, WITHOUT ROWID;

CREATE VIEW v_unit AS
SELECT u.id, u.code, u.building, u.entrance, u.room, printf('%.2f', u.area_centi / 100.0) AS area_m2,
       u.status, u.owner_name, u.owner_phone, u.tenant_name, u.tenant_phone, u.moved_in,
       u.has_parking,
       strftime('%Y-%m-%dT%H:%M:%S', u.created_at + s.utc_offset, 'unixepoch') AS created_local,
       strftime('%Y-%m-%dT%H:%M:%S', u.updated_at + s.utc_offset, 'unixepoch') AS updated_local
FROM unit u CROSS JOIN site s;

CREATE VIEW v_staff AS
SELECT st.id, st.login, st.name, st.role, st.phone, st.active,
       strftime('%Y-%m-%dT%H:%M:%S', st.created_at + s.utc_offset, 'unixepoch') AS created_local
FROM staff st CROSS JOIN site s;

CREATE VIEW v_audit AS
SELECT a.id, strftime('%Y-%m-%dT%H:%M:%S', a.at + s.utc_offset, 'unixepoch') AS at_local,
       a.actor, a.action, a.entity, a.command, a.hash
FROM audit a CROSS JOIN site s;
