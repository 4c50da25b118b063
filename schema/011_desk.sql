-- 011_desk.sql: the reception log (《客户接待记录》, domain-rules 7.1–7.4, 10.2) and the shift
-- handover (交接班, 《值班记录表》, domain-rules 12).
--
-- Every call, visit, letter or online message the front desk takes is one desk_contact, whatever
-- it turns out to be. Its deadlines live in the shared `deadline` table under subject 'D<id>'
-- (reply_by: the reply agreed with the customer; pass_by: a message passed on to an absent
-- colleague), its steps in `event`. Timestamps are INTEGER unix seconds (UTC) from svc's Clock.

-- One contact as received. `status` says what became of it:
--   open      something is still owed: a promised reply, a message to pass on, a suggestion the
--             department head has not yet received;
--   answered  handled on the spot (answered = 1) or answered later as promised (replied_at);
--   passed    a message given to its recipient, or a suggestion received by the head;
--   referred  it became a repair ticket or a complaint (ticket_id / complaint_id), which carries it on.
CREATE TABLE desk_contact (
  id            INTEGER PRIMARY KEY,
  channel       TEXT    NOT NULL CHECK (channel IN ('phone', 'visit', 'letter', 'online')),
  kind          TEXT    NOT NULL CHECK (kind IN ('enquiry', 'repair', 'complaint', 'suggestion', 'paid_service',
                                                  'message', 'other')),
  status        TEXT    NOT NULL CHECK (status IN ('open', 'answered', 'passed', 'referred')),
  unit_id       INTEGER REFERENCES unit (id),            -- 地址, when the caller is a household
  name          TEXT,                                    -- 姓名 of the caller or visitor
  phone         TEXT,                                    -- 联系电话, normalised
  note          TEXT    NOT NULL CHECK (length(note) >= 1),   -- 内容: what was asked, reported, proposed
  answered      INTEGER NOT NULL DEFAULT 0 CHECK (answered IN (0, 1)),  -- answered on the spot
  reply_by      INTEGER,                                 -- the reply agreed with the customer (7.1)
  reply         TEXT,                                    -- the reply given later
  replied_at    INTEGER,
  replied_by    TEXT,
  for_login     TEXT    REFERENCES staff (login),        -- a message (转告): who it is for (7.2)
  dept          TEXT,                                    -- a suggestion: the department it goes to
  routed_to     TEXT    REFERENCES staff (login),        -- … and the head it was reported to
  passed_at     INTEGER,                                 -- the message passed on / the suggestion received
  passed_by     TEXT,
  pass_note     TEXT,
  ticket_id     INTEGER REFERENCES ticket (id),          -- the repair ticket it opened
  complaint_id  INTEGER REFERENCES complaint (id),       -- the complaint it opened
  received_by   TEXT    NOT NULL,                        -- the receiver (接待人)
  received_at   INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  CHECK (kind <> 'message' OR for_login IS NOT NULL),
  CHECK (kind <> 'suggestion' OR (dept IS NOT NULL AND routed_to IS NOT NULL)),
  CHECK (reply_by IS NULL OR reply_by > received_at),
  CHECK (status <> 'answered' OR answered = 1 OR replied_at IS NOT NULL),
  CHECK (status <> 'passed' OR passed_at IS NOT NULL),
  CHECK (status <> 'referred' OR ticket_id IS NOT NULL OR complaint_id IS NOT NULL)
) STRICT;
CREATE INDEX desk_contact_received ON desk_contact (received_at);
CREATE INDEX desk_contact_open ON desk_contact (status) WHERE status = 'open';
CREATE INDEX desk_contact_for ON desk_contact (for_login, status);
CREATE INDEX desk_contact_routed ON desk_contact (routed_to, status);
CREATE INDEX desk_contact_unit ON desk_contact (unit_id);

-- One shift handed over (交接班): written by the person whose shift ends, accepted by the next
-- one. `contents` is generated, never typed: the open matters at the time of writing, as facts
-- (JSON: sections of refs, codes and times), so the record says exactly what was handed over.
-- One per shift (domain-rules 12: 无遗漏、脱节).
CREATE TABLE desk_handover (
  id            INTEGER PRIMARY KEY,
  shift         TEXT    NOT NULL CHECK (shift IN ('day', 'night')),
  shift_start   INTEGER NOT NULL UNIQUE,
  shift_end     INTEGER NOT NULL,
  by_login      TEXT    NOT NULL,
  to_login      TEXT    REFERENCES staff (login),        -- the next person, when named
  written_at    INTEGER NOT NULL,
  note          TEXT,                                    -- the person's own points to note
  contents      TEXT    NOT NULL CHECK (json_valid(contents)),
  accept_by     INTEGER NOT NULL,                        -- unaccepted after this: an exception
  accepted_at   INTEGER,
  accepted_by   TEXT,
  updated_at    INTEGER NOT NULL,
  CHECK (shift_end > shift_start),
  CHECK (accept_by >= written_at),
  CHECK ((accepted_at IS NULL) = (accepted_by IS NULL))
) STRICT;
CREATE INDEX desk_handover_waiting ON desk_handover (accepted_at, accept_by);

CREATE VIEW v_desk_contact AS
SELECT c.id, 'D' || c.id AS ref, c.channel, c.kind, c.status, u.code AS unit, c.name, c.note, c.answered,
       c.for_login, c.dept, c.routed_to, c.received_by,
       CASE WHEN c.ticket_id IS NULL THEN NULL ELSE 'T' || c.ticket_id END AS ticket,
       CASE WHEN c.complaint_id IS NULL THEN NULL ELSE 'C' || c.complaint_id END AS complaint,
       strftime('%Y-%m-%dT%H:%M:%S', c.received_at + s.utc_offset, 'unixepoch') AS received_local,
       strftime('%Y-%m-%dT%H:%M:%S', c.reply_by + s.utc_offset, 'unixepoch') AS reply_by_local,
       strftime('%Y-%m-%dT%H:%M:%S', c.replied_at + s.utc_offset, 'unixepoch') AS replied_local,
       strftime('%Y-%m-%dT%H:%M:%S', c.passed_at + s.utc_offset, 'unixepoch') AS passed_local
FROM desk_contact c CROSS JOIN site s LEFT JOIN unit u ON u.id = c.unit_id;

CREATE VIEW v_desk_handover AS
SELECT h.id, h.shift, h.by_login, h.to_login, h.accepted_by, h.note,
       strftime('%Y-%m-%dT%H:%M:%S', h.shift_start + s.utc_offset, 'unixepoch') AS shift_start_local,
       strftime('%Y-%m-%dT%H:%M:%S', h.shift_end + s.utc_offset, 'unixepoch') AS shift_end_local,
       strftime('%Y-%m-%dT%H:%M:%S', h.written_at + s.utc_offset, 'unixepoch') AS written_local,
       strftime('%Y-%m-%dT%H:%M:%S', h.accepted_at + s.utc_offset, 'unixepoch') AS accepted_local
FROM desk_handover h CROSS JOIN site s;
