-- 005_dunning.sql: overdue-fee reminders (催缴, domain-rules 3.5) and legal referrals.
--
-- `svc fee remind` plans one reminder per (unit, arrears episode, stage, cycle) before it sends
-- anything: an episode is identified by the oldest unpaid due date (paying that bill starts a new
-- one), a cycle counts the repeats of a repeating stage (the monthly notice). The unique index
-- makes planning idempotent, so a rerun, or a second run after a crash, plans nothing twice.
--
-- Delivery is write-ahead: a reminder is marked 'sending' (attempts + 1) and committed before the
-- channel is used, and marked sent / failed / skipped after. A 'sending' row found by the next run
-- (which holds the job lock, so no other run is sending) was interrupted between the two: it
-- becomes 'unknown' and waits for a person (`svc fee resolve`); it is never sent again by itself.
CREATE TABLE reminder (
  id            INTEGER PRIMARY KEY,
  unit_id       INTEGER NOT NULL REFERENCES unit (id),
  episode       TEXT    NOT NULL CHECK (episode GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  stage         TEXT    NOT NULL,                -- a [[fee.dunning]] stage
  cycle         INTEGER NOT NULL DEFAULT 0 CHECK (cycle >= 0),
  channel       TEXT    NOT NULL,                -- the stage's channel when planned
  status        TEXT    NOT NULL CHECK (status IN ('planned', 'sending', 'sent', 'failed', 'skipped', 'unknown')),
  attempts      INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  due_at        INTEGER NOT NULL,                -- when the stage fell due (after any hold ended)
  amount_fen    INTEGER NOT NULL CHECK (amount_fen >= 0),  -- overdue when planned, then when sent
  recipient     TEXT,                            -- phone, address, letter file or visit ref
  message       TEXT,                            -- the text as delivered (or last tried)
  reason        TEXT,                            -- why skipped, the last error, or a person's note
  visit_id      INTEGER REFERENCES visit (id),   -- the home visit a 'visit' channel scheduled
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  sent_at       INTEGER,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX reminder_once ON reminder (unit_id, episode, stage, cycle);
CREATE INDEX reminder_status ON reminder (status);
CREATE INDEX reminder_created ON reminder (created_at);

-- A manager's decision to pursue arrears through legal channels (法律途径, domain-rules 3.5,
-- 6.4: after the owners' committee mediation failed). Recorded, never automatic.
CREATE TABLE referral (
  id            INTEGER PRIMARY KEY,
  unit_id       INTEGER NOT NULL REFERENCES unit (id),
  kind          TEXT    NOT NULL CHECK (kind IN ('legal')),
  amount_fen    INTEGER NOT NULL CHECK (amount_fen >= 0),  -- overdue at referral
  oldest_due_on TEXT,
  reason        TEXT    NOT NULL CHECK (length(reason) >= 1),
  created_by    TEXT    NOT NULL,
  created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX referral_unit ON referral (unit_id);

CREATE VIEW v_reminder AS
SELECT r.id, u.code AS unit, r.stage, r.cycle, r.channel, r.status, r.attempts, r.amount_fen,
       r.episode, r.reason,
       strftime('%Y-%m-%dT%H:%M:%S', r.due_at + s.utc_offset, 'unixepoch') AS due_local,
       strftime('%Y-%m-%dT%H:%M:%S', r.created_at + s.utc_offset, 'unixepoch') AS created_local,
       strftime('%Y-%m-%dT%H:%M:%S', r.sent_at + s.utc_offset, 'unixepoch') AS sent_local
FROM reminder r JOIN unit u ON u.id = r.unit_id CROSS JOIN site s;
