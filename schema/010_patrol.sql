-- 010_patrol.sql: patrols (巡查, domain-rules 5) and customer violations (违例, domain-rules 6).
--
-- Timestamps are INTEGER unix seconds (UTC) from svc's Clock; dates TEXT 'YYYY-MM-DD' local;
-- money INTEGER fen. Round (P5) and violation (X3) rows are lifecycle records: their history is
-- in `event`, their deadlines in `deadline` (subject 'P5' / 'X3'), as for tickets.

-- The monthly plans (巡查工作计划, 5.1): made at the end of the month before. Making one adds the
-- month's planned rounds; running it again adds only the rounds still missing.
CREATE TABLE patrol_plan (
  id          INTEGER PRIMARY KEY,
  month       TEXT    NOT NULL UNIQUE CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  due_on      TEXT    NOT NULL CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  made_at     INTEGER NOT NULL,              -- first made; after due_on it was late (5.1)
  made_by     TEXT    NOT NULL,
  updated_at  INTEGER NOT NULL               -- last run that added rounds
) STRICT;

-- Patrol rounds (P5): planned by the month's plan (or by heavy rain, 000 L157), or started on the
-- spot; a round is walked (open) and finished (done). route and checklist are policy codes.
CREATE TABLE patrol_round (
  id          INTEGER PRIMARY KEY,
  route       TEXT    NOT NULL,
  building    TEXT,                          -- routes walked per building
  checklist   TEXT    NOT NULL,
  status      TEXT    NOT NULL CHECK (status IN ('planned', 'open', 'done')),
  origin      TEXT    NOT NULL CHECK (origin IN ('plan', 'rain_before', 'rain_after', 'walk', 'file')),
  planned_for INTEGER,                       -- NULL for a round nobody planned
  plan_id     INTEGER REFERENCES patrol_plan (id),
  assignee    TEXT    REFERENCES staff (login),
  started_at  INTEGER,
  by_login    TEXT,                          -- who walked it
  finished_at INTEGER,
  note        TEXT,
  created_by  TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  CHECK (planned_for IS NOT NULL OR origin IN ('walk', 'file')),
  CHECK ((status = 'planned') = (started_at IS NULL)),
  CHECK ((status = 'done') = (finished_at IS NOT NULL)),
  CHECK (started_at IS NULL OR by_login IS NOT NULL)
) STRICT;
-- A plan run twice adds nothing: one planned round per route, building and time.
CREATE UNIQUE INDEX patrol_round_planned ON patrol_round (route, coalesce(building, ''), planned_for)
  WHERE origin = 'plan';
CREATE INDEX patrol_round_when ON patrol_round (planned_for);
CREATE INDEX patrol_round_started ON patrol_round (started_at);

-- One checkpoint of a round: ok, an issue (with what was done about it), or missed (not checked
-- when the round finished). `text` is the point's text when it was checked, so a point the policy
-- later renames or retires reads as it did. An issue found on the spot is fixed (5.4), opens a
-- repair ticket (5.4 a), opens a violation (6.4) or is reported to the supervisor; a reported one
-- may be settled later. violation_id has no foreign key: a violation is purged after its
-- retention (6.6) while the round keeps its number.
CREATE TABLE patrol_check (
  id           INTEGER PRIMARY KEY,
  round_id     INTEGER NOT NULL REFERENCES patrol_round (id),
  subject      TEXT    NOT NULL,             -- 'P5', for the audit log
  point        TEXT    NOT NULL,
  text         TEXT    NOT NULL,
  seq          INTEGER NOT NULL,             -- the point's place in its checklist
  result       TEXT    NOT NULL CHECK (result IN ('ok', 'issue', 'missed')),
  note         TEXT,
  action       TEXT    CHECK (action IN ('fixed', 'ticket', 'violation', 'reported')),
  urgent       INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
  ticket_id    INTEGER REFERENCES ticket (id),
  violation_id INTEGER,
  checked_at   INTEGER NOT NULL,
  checked_by   TEXT    NOT NULL,
  settled_at   INTEGER,                      -- a reported issue dealt with later
  settled_by   TEXT,
  settle_note  TEXT,
  UNIQUE (round_id, point),
  CHECK (subject = 'P' || round_id),
  CHECK ((result = 'issue') = (action IS NOT NULL)),
  CHECK (urgent = 0 OR result = 'issue'),
  CHECK ((action = 'ticket') = (ticket_id IS NOT NULL)),
  CHECK (action IS NULL OR action <> 'violation' OR violation_id IS NOT NULL)
) STRICT;
CREATE INDEX patrol_check_open ON patrol_check (result, action);

-- Customer violations (X3, 《客户违例事件记录表》, 6.4): where, what (category and subcategory of
-- 6.1), general or major (6.2), who found it; closed after a re-inspection; kept until
-- retain_until (closing + violation.retain.general / .major, 6.6), then purged.
CREATE TABLE violation (
  id              INTEGER PRIMARY KEY,
  unit_id         INTEGER REFERENCES unit (id),
  location        TEXT,
  category        TEXT    NOT NULL,
  subcategory     TEXT,
  severity        TEXT    NOT NULL CHECK (severity IN ('general', 'major')),
  status          TEXT    NOT NULL CHECK (status IN ('open', 'closed')),
  description     TEXT    NOT NULL CHECK (length(description) >= 1),
  found_by        TEXT    NOT NULL,
  source          TEXT,                      -- 'P5' when found on a patrol round
  created_by      TEXT    NOT NULL,
  created_at      INTEGER NOT NULL,
  reinspection    TEXT    CHECK (reinspection IN ('ok', 'not_fixed')),
  reinspected_at  INTEGER,
  closed_at       INTEGER,
  closed_by       TEXT,
  retain_until    TEXT,
  updated_at      INTEGER NOT NULL,
  CHECK (unit_id IS NOT NULL OR location IS NOT NULL),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK ((closed_at IS NULL) = (retain_until IS NULL))
) STRICT;
CREATE INDEX violation_open ON violation (status, retain_until);

-- What was done about a violation (6.3): advice, a rectification deadline, and the penalties —
-- compensation, public criticism, litigation — which only the penalty roles decide (6.4) and,
-- on a major violation, take effect only when the manager signs them (L442). A compensation that
-- takes effect is billed to the unit (bill_id). A penalty that takes effect owes a follow-up
-- contact to mend relations (L440), recorded as a 'follow_up' action; until then it is owed.
CREATE TABLE violation_action (
  id            INTEGER PRIMARY KEY,
  violation_id  INTEGER NOT NULL REFERENCES violation (id),
  subject       TEXT    NOT NULL,            -- 'X3', for the audit log
  kind          TEXT    NOT NULL CHECK (kind IN ('advise', 'rectify', 'compensate', 'criticize', 'litigate', 'follow_up')),
  note          TEXT,
  rectify_by    TEXT,                        -- rectify: the deadline, a date
  amount_fen    INTEGER CHECK (amount_fen > 0),
  penalty       INTEGER NOT NULL CHECK (penalty IN (0, 1)),
  needs_signature INTEGER NOT NULL CHECK (needs_signature IN (0, 1)),
  signed_at     INTEGER,
  signed_by     TEXT,
  effective_at  INTEGER,                     -- at once, or when signed
  bill_id       INTEGER REFERENCES bill (id),
  by_login      TEXT    NOT NULL,
  at            INTEGER NOT NULL,
  CHECK (subject = 'X' || violation_id),
  CHECK ((kind = 'compensate') = (amount_fen IS NOT NULL)),
  CHECK ((kind = 'rectify') = (rectify_by IS NOT NULL)),
  CHECK (needs_signature = 0 OR penalty = 1),
  CHECK (signed_at IS NULL OR needs_signature = 1)
) STRICT;
CREATE INDEX violation_action_of ON violation_action (violation_id);

-- What `svc db purge --expired` removed and why: one row per violation past its retention (6.6),
-- with the rule that set retain_until. The record itself is gone; its audit entry holds the rows
-- as they were.
CREATE TABLE purge_log (
  id            INTEGER PRIMARY KEY,
  subject       TEXT    NOT NULL,            -- 'X3'
  severity      TEXT    NOT NULL,
  closed_at     INTEGER NOT NULL,
  retain_until  TEXT    NOT NULL,
  rule          TEXT    NOT NULL,            -- violation.retain.general / violation.retain.major
  removed_rows  INTEGER NOT NULL,            -- rows removed with it (actions, events, deadlines)
  purged_at     INTEGER NOT NULL,
  purged_by     TEXT    NOT NULL
) STRICT;
