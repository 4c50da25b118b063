-- 002_ticket.sql: repair work orders (报修/派工单), their events, the shared deadline and pause
-- tables, callbacks and other visits (回访/走访), and pending charges for paid repairs.

-- A repair ticket. Household tickets name a unit; public-facility tickets a location
-- (domain-rules 1.1). Times are unix seconds; deadlines live in `deadline` (subject 'T<id>').
CREATE TABLE ticket (
  id              INTEGER PRIMARY KEY,
  scope           TEXT    NOT NULL CHECK (scope IN ('household', 'public')),
  unit_id         INTEGER REFERENCES unit (id),
  location        TEXT,
  category        TEXT    NOT NULL,                       -- from policy ticket.categories
  urgency         TEXT    NOT NULL CHECK (urgency IN ('urgent', 'scheduled')),
  status          TEXT    NOT NULL CHECK (status IN ('new', 'dispatched', 'arrived', 'waiting', 'done',
                                                     'closed', 'cancelled')),
  wait_reason     TEXT,                                   -- a policy pause status while waiting
  resume_status   TEXT,                                   -- the status to return to on resume
  paid            INTEGER NOT NULL DEFAULT 0 CHECK (paid IN (0, 1)),
  price_fen       INTEGER CHECK (price_fen IS NULL OR price_fen >= 0),   -- agreed at intake
  charge_fen      INTEGER CHECK (charge_fen IS NULL OR charge_fen >= 0), -- charged at completion
  description     TEXT    NOT NULL CHECK (length(description) >= 1),
  reporter        TEXT,
  phone           TEXT,
  channel         TEXT    NOT NULL CHECK (channel IN ('phone', 'visit', 'patrol', 'online', 'letter')),
  assignee        TEXT REFERENCES staff (login),
  created_by      TEXT    NOT NULL,
  created_at      INTEGER NOT NULL,
  appointment_at  INTEGER,
  dispatched_at   INTEGER,
  arrived_at      INTEGER,
  done_at         INTEGER,
  leak_test_at    INTEGER,
  closed_at       INTEGER,
  cancelled_at    INTEGER,
  note            TEXT,
  updated_at      INTEGER NOT NULL,
  CHECK (scope = 'public' OR unit_id IS NOT NULL),
  CHECK (scope = 'household' OR location IS NOT NULL),
  CHECK (paid = 1 OR (price_fen IS NULL AND charge_fen IS NULL))
) STRICT;
CREATE INDEX ticket_status ON ticket (status);
CREATE INDEX ticket_unit ON ticket (unit_id);
CREATE INDEX ticket_assignee ON ticket (assignee, status);

-- Every step of a ticket (or a complaint: subject 'C<id>'), in order: the history `show` prints.
CREATE TABLE event (
  id           INTEGER PRIMARY KEY,
  subject      TEXT    NOT NULL,          -- 'T12', 'C7'
  at           INTEGER NOT NULL,
  actor        TEXT    NOT NULL,
  kind         TEXT    NOT NULL,          -- created, dispatched, arrived, waiting, resumed, ...
  from_status  TEXT,
  to_status    TEXT,
  detail       TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX event_subject ON event (subject, id);

-- Deadlines of any record, computed when their starting event happens and stored with the policy
-- hash that produced them, so a later policy change does not move them (policy.md notes).
-- base_due_at is start + duration on the clock; due_at adds every finished pause of the subject.
CREATE TABLE deadline (
  id           INTEGER PRIMARY KEY,
  subject      TEXT    NOT NULL,
  name         TEXT    NOT NULL,          -- dispatch_by, arrive_by, complete_by, callback_by, ...
  rule         TEXT    NOT NULL,          -- the policy key it comes from
  clock        TEXT    NOT NULL CHECK (clock IN ('calendar', 'business')),
  duration     TEXT    NOT NULL,          -- "15m", "2d"; "" for a fixed time (an appointment)
  start_event  TEXT    NOT NULL,
  start_at     INTEGER NOT NULL,
  base_due_at  INTEGER NOT NULL,
  due_at       INTEGER NOT NULL CHECK (due_at >= base_due_at),
  met_at       INTEGER,
  policy_hash  TEXT    NOT NULL,
  UNIQUE (subject, name)
) STRICT;
CREATE INDEX deadline_open ON deadline (met_at, due_at);

-- Paused spans of a record's SLA clock (ticket pause_statuses); ended_at NULL while paused.
CREATE TABLE pause (
  id          INTEGER PRIMARY KEY,
  subject     TEXT    NOT NULL,
  reason      TEXT    NOT NULL,
  started_at  INTEGER NOT NULL,
  ended_at    INTEGER,
  CHECK (ended_at IS NULL OR ended_at >= started_at)
) STRICT;
CREATE INDEX pause_subject ON pause (subject);

-- Visits: callbacks after a repair or complaint (回访), outreach (走访), surveys and home visits
-- for dunning. A callback is logged here; callbacks still owed are open callback_by deadlines.
CREATE TABLE visit (
  id            INTEGER PRIMARY KEY,
  kind          TEXT    NOT NULL CHECK (kind IN ('callback', 'outreach', 'survey', 'dunning')),
  subject       TEXT,                     -- 'T12' / 'C7' for a callback
  unit_id       INTEGER REFERENCES unit (id),
  assignee      TEXT REFERENCES staff (login),
  due_at        INTEGER,
  done_at       INTEGER,
  method        TEXT CHECK (method IS NULL OR method IN ('phone', 'onsite')),
  rating        INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
  note          TEXT,
  by_login      TEXT,
  created_at    INTEGER NOT NULL,
  CHECK (done_at IS NULL OR (method IS NOT NULL AND by_login IS NOT NULL))
) STRICT;
CREATE INDEX visit_subject ON visit (subject);
CREATE INDEX visit_open ON visit (done_at, due_at);

-- Charges waiting to be billed: a paid repair's charge (domain-rules 1.7) becomes a bill of the
-- policy's ticket.paid.fee_item when fees are billed; bill_id is set then.
CREATE TABLE charge (
  id          INTEGER PRIMARY KEY,
  unit_id     INTEGER NOT NULL REFERENCES unit (id),
  item        TEXT    NOT NULL,
  amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
  source      TEXT    NOT NULL,           -- 'T12'
  created_at  INTEGER NOT NULL,
  bill_id     INTEGER,
  UNIQUE (source, item)
) STRICT;
CREATE INDEX charge_pending ON charge (bill_id, unit_id);

CREATE VIEW v_ticket AS
SELECT t.id, 'T' || t.id AS ref, t.status, t.scope, u.code AS unit, t.location, t.category, t.urgency,
       t.assignee, t.paid, t.price_fen, t.charge_fen, t.description,
       strftime('%Y-%m-%dT%H:%M:%S', t.created_at + s.utc_offset, 'unixepoch') AS created_local,
       strftime('%Y-%m-%dT%H:%M:%S', t.appointment_at + s.utc_offset, 'unixepoch') AS appointment_local,
       strftime('%Y-%m-%dT%H:%M:%S', t.done_at + s.utc_offset, 'unixepoch') AS done_local,
       strftime('%Y-%m-%dT%H:%M:%S', t.closed_at + s.utc_offset, 'unixepoch') AS closed_local
FROM ticket t CROSS JOIN site s LEFT JOIN unit u ON u.id = t.unit_id;

CREATE VIEW v_deadline AS
SELECT d.subject, d.name, d.rule, d.clock, d.duration, d.start_event,
       strftime('%Y-%m-%dT%H:%M:%S', d.start_at + s.utc_offset, 'unixepoch') AS start_local,
       strftime('%Y-%m-%dT%H:%M:%S', d.due_at + s.utc_offset, 'unixepoch') AS due_local,
       strftime('%Y-%m-%dT%H:%M:%S', d.met_at + s.utc_offset, 'unixepoch') AS met_local
FROM deadline d CROSS JOIN site s;
