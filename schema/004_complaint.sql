-- 004_complaint.sql: complaints (投诉), suggestions (建议) and inquiries (咨询) — domain-rules 2 —
-- and the escalations each one went through (the ladder of 2.5, the class escalations of 2.4,
-- service complaints routed to a superior (2.2), and escalations by hand).
--
-- A complaint's deadlines (escalate_by, answer_by, resolve_by, callback_by) live in the shared
-- `deadline` table under subject 'C<id>', its steps in `event`, its callbacks in `visit`
-- (schema 002). Timestamps are INTEGER unix seconds (UTC) from svc's Clock; never SQL's own clock.

-- One complaint, suggestion or inquiry as received (投诉受理登记表 + 投诉处理记录表, domain-rules
-- 2.2, 10.1). The receiver owns it until it is handed on (首问负责制, 2.1): `owner` starts as
-- `received_by` and changes only through `svc complaint assign --to`.
CREATE TABLE complaint (
  id             INTEGER PRIMARY KEY,
  kind           TEXT    NOT NULL CHECK (kind IN ('complaint', 'suggestion', 'inquiry')),
  status         TEXT    NOT NULL CHECK (status IN ('open', 'resolved', 'closed', 'withdrawn')),
  severity       TEXT    NOT NULL CHECK (severity IN ('major', 'important', 'minor')),  -- 重大/重要/轻微 (2.3 A)
  validity       TEXT    NOT NULL CHECK (validity IN ('valid', 'invalid')),             -- 有效/无效 (2.3 D)
  nature         TEXT    CHECK (nature IS NULL OR nature IN ('help', 'inquiry', 'venting')),  -- 沟通性 (2.3 D e)
  category       TEXT,                        -- from policy complaint.categories; NULL = not yet
  unit_id        INTEGER NOT NULL REFERENCES unit (id),
  subject        TEXT    NOT NULL CHECK (length(subject) >= 1),   -- 投诉内容, one line
  details        TEXT,                                            -- 发生经过, 住户的要求
  channel        TEXT    NOT NULL CHECK (channel IN ('phone', 'visit', 'letter', 'online', 'department')),
  complainant    TEXT,                                            -- 来电人姓名
  phone          TEXT,                                            -- 联系电话, normalised
  about_staff    TEXT    REFERENCES staff (login),                -- 被投诉人
  about_dept     TEXT,                                            -- 被投诉部门
  requested_by   INTEGER,                     -- the complainant's own deadline (住户要求的期限)
  level          TEXT    NOT NULL CHECK (level IN ('assistant', 'supervisor', 'manager', 'director', 'gm')),
  received_by    TEXT    NOT NULL,            -- the receiver (首问责任人)
  owner          TEXT    NOT NULL,            -- who owns it now
  dept           TEXT,                        -- the department it was passed to (归口)
  routed_to      TEXT    REFERENCES staff (login),  -- service complaint: the superior told (2.2)
  received_at    INTEGER NOT NULL,            -- intake: every class deadline counts from here
  answer         TEXT,                        -- the answer given to the complainant (respond)
  answered_at    INTEGER,
  resolution     TEXT,
  resolved_at    INTEGER,
  closed_at      INTEGER,
  close_note     TEXT,                        -- e.g. why it was closed without a callback
  withdrawn_at   INTEGER,
  withdraw_reason TEXT,
  upgraded_at    INTEGER,                     -- when the one-month rule made it major (2.6)
  updated_at     INTEGER NOT NULL,
  CHECK (requested_by IS NULL OR requested_by > received_at),
  CHECK (status <> 'resolved' OR resolved_at IS NOT NULL),
  CHECK (status <> 'closed' OR closed_at IS NOT NULL),
  CHECK (status <> 'withdrawn' OR (withdrawn_at IS NOT NULL AND withdraw_reason IS NOT NULL)),
  CHECK (kind <> 'suggestion' OR dept IS NOT NULL)             -- suggestions go to a department (2.3 D)
) STRICT;
CREATE INDEX complaint_status ON complaint (status, received_at);
CREATE INDEX complaint_unit ON complaint (unit_id);

-- Every escalation a complaint went through: who holds it from then on (`level`), when, why and
-- by which rule. `rule` is the policy key for automatic ones ('complaint.ladder.2d',
-- 'complaint.severity.major.escalate_to'), 'complaint.route' for a service complaint routed to
-- a superior, and 'manual' for `svc complaint escalate`. An automatic rule fires at most once per
-- complaint, however often `svc complaint sweep` runs (the partial unique index below).
CREATE TABLE complaint_escalation (
  id            INTEGER PRIMARY KEY,
  complaint_id  INTEGER NOT NULL REFERENCES complaint (id),
  subject       TEXT    NOT NULL,             -- 'C7', so the audit log files it under the complaint
  level         TEXT    NOT NULL CHECK (level IN ('assistant', 'supervisor', 'manager', 'director', 'gm')),
  from_level    TEXT    NOT NULL,
  at            INTEGER NOT NULL,
  rule          TEXT    NOT NULL,
  reason        TEXT    NOT NULL CHECK (length(reason) >= 1),
  by_login      TEXT    NOT NULL,
  CHECK (subject = 'C' || complaint_id)
) STRICT;
CREATE UNIQUE INDEX complaint_escalation_once ON complaint_escalation (complaint_id, rule) WHERE rule <> 'manual';
CREATE INDEX complaint_escalation_by ON complaint_escalation (complaint_id, id);

CREATE VIEW v_complaint AS
SELECT c.id, 'C' || c.id AS ref, c.kind, c.status, c.severity, c.validity, c.nature, c.category,
       u.code AS unit, c.subject, c.channel, c.level, c.received_by, c.owner, c.dept, c.about_staff,
       c.about_dept, c.routed_to,
       strftime('%Y-%m-%dT%H:%M:%S', c.received_at + s.utc_offset, 'unixepoch') AS received_local,
       strftime('%Y-%m-%dT%H:%M:%S', c.requested_by + s.utc_offset, 'unixepoch') AS requested_by_local,
       strftime('%Y-%m-%dT%H:%M:%S', c.answered_at + s.utc_offset, 'unixepoch') AS answered_local,
       strftime('%Y-%m-%dT%H:%M:%S', c.resolved_at + s.utc_offset, 'unixepoch') AS resolved_local,
       strftime('%Y-%m-%dT%H:%M:%S', c.closed_at + s.utc_offset, 'unixepoch') AS closed_local,
       strftime('%Y-%m-%dT%H:%M:%S', c.withdrawn_at + s.utc_offset, 'unixepoch') AS withdrawn_local,
       strftime('%Y-%m-%dT%H:%M:%S', c.upgraded_at + s.utc_offset, 'unixepoch') AS upgraded_local
FROM complaint c CROSS JOIN site s JOIN unit u ON u.id = c.unit_id;

CREATE VIEW v_complaint_escalation AS
SELECT 'C' || e.complaint_id AS complaint, e.from_level, e.level, e.rule, e.reason, e.by_login,
       strftime('%Y-%m-%dT%H:%M:%S', e.at + s.utc_offset, 'unixepoch') AS at_local
FROM complaint_escalation e CROSS JOIN site s;
