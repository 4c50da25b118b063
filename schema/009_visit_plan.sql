-- 009_visit_plan.sql: the rest of domain-rules 4 — what a visit found and how a planned visit
-- ended (visit_detail), the annual owner survey (业主意见征询表, survey and survey_response), and
-- the indexes the half-yearly outreach plan (走访计划) and the satisfaction rate read through.
--
-- New facts about a visit go in a side table, not in new columns of `visit`: every existing visit
-- row's audit snapshot would stop matching a widened row, and `svc audit verify` would report
-- them all (see 006). A visit has at most one visit_detail row, written in the same audited
-- change as the step that gives it something to hold.

-- What a visit did beyond its rating: the dunning reminder that planned it, the outcome of a home
-- visit for arrears (met, promised to pay by a date, refused, nobody home; domain-rules 3.5), how
-- many times nobody was home, and the repair ticket or complaint opened from what it found
-- (domain-rules 1.9 整改, 2.7: new opinions raised during a callback), each linked both ways (the
-- ticket's or complaint's history names the visit).
CREATE TABLE visit_detail (
  id            INTEGER PRIMARY KEY,
  visit_id      INTEGER NOT NULL REFERENCES visit (id),
  reminder_id   INTEGER REFERENCES reminder (id),      -- a dunning home visit: its reminder
  outcome       TEXT    CHECK (outcome IS NULL OR outcome IN ('met', 'promised', 'refused', 'nobody_home')),
  promised_by   TEXT    CHECK (promised_by IS NULL OR promised_by GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  attempts      INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),  -- times nobody was home
  ticket_id     INTEGER REFERENCES ticket (id),        -- a repair the visit found
  complaint_id  INTEGER REFERENCES complaint (id),     -- a complaint the visit took
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  CHECK ((outcome IS 'promised') = (promised_by IS NOT NULL))
) STRICT;
CREATE UNIQUE INDEX visit_detail_visit ON visit_detail (visit_id);
CREATE UNIQUE INDEX visit_detail_reminder ON visit_detail (reminder_id) WHERE reminder_id IS NOT NULL;

-- The home visit a reminder's visit stage planned, found from the visit (visits planned before
-- this migration have no visit_detail row: reminder.visit_id is their link).
CREATE INDEX reminder_visit ON reminder (visit_id) WHERE visit_id IS NOT NULL;
-- The outreach plan asks, per unit, whether it already has an outreach visit in the period.
CREATE INDEX visit_kind_unit ON visit (kind, unit_id, due_at);
-- The satisfaction rate reads the ratings given in a period.
CREATE INDEX visit_done ON visit (done_at) WHERE rating IS NOT NULL;

-- One annual owner survey (《业主意见征询表》, domain-rules 4.1: 000 L207, 001 L61), imported
-- from the forms collected: its questions in the file's order (a JSON array of the question
-- names: the policy's visit.survey_questions, or the file's header).
CREATE TABLE survey (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),  -- e.g. '2026'
  questions   TEXT    NOT NULL CHECK (json_valid(questions) AND json_type(questions) = 'array'),
  source      TEXT    NOT NULL,                   -- the file as given to `svc visit survey import`
  created_by  TEXT    NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;

-- One form returned: the unit, the date on the form, each question's rating 1..5 (a JSON object
-- {question: rating}; a question left blank is absent) and the owner's comment. The ratings count
-- in the satisfaction rate (业户满意率, domain-rules 4.4, 8) on their date.
CREATE TABLE survey_response (
  id          INTEGER PRIMARY KEY,
  survey_id   INTEGER NOT NULL REFERENCES survey (id),
  unit_id     INTEGER NOT NULL REFERENCES unit (id),
  answered_on TEXT    NOT NULL CHECK (answered_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  answers     TEXT    NOT NULL CHECK (json_valid(answers) AND json_type(answers) = 'object'),
  comment     TEXT,
  line        INTEGER NOT NULL CHECK (line >= 2),  -- its line in the imported file
  created_at  INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX survey_response_unit ON survey_response (survey_id, unit_id);
CREATE INDEX survey_response_on ON survey_response (answered_on);
