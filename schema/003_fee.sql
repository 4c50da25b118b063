-- 003_fee.sql: fees (收费) — bills, payments with gapless receipts, their allocations to bills,
-- meter readings, late-fee waivers and dunning holds (domain-rules 3).
--
-- Money is INTEGER fen; meter readings are INTEGER hundredths of a meter unit (m³, kWh); dates
-- are TEXT 'YYYY-MM-DD' in site local time; timestamps INTEGER unix seconds (UTC), from svc's
-- Clock. The invariants `svc db check` verifies (fee::check):
--   * a bill's paid_fen is the sum of its active (not reversed) allocations;
--   * a payment's amount_fen is the sum of its active allocations plus its credit_fen;
--   * receipt numbers are gapless per year (a voided payment keeps its number);
--   * no active allocation points to a void bill.

-- Late-fee waivers (滞纳金减免), per unit, by a supervisor with a reason: every bill of the unit
-- that was open when the waiver was given carries its id and accrues no late fee.
CREATE TABLE fee_waiver (
  id          INTEGER PRIMARY KEY,
  unit_id     INTEGER NOT NULL REFERENCES unit (id),
  reason      TEXT    NOT NULL CHECK (length(reason) >= 1),
  created_by  TEXT    NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;

-- Bills (账单): one per unit, fee item and period (area/unit items), per meter reading (meter
-- items, source 'M<reading>'), per posted charge (a paid repair, source 'T12') or per late fee
-- (item 'late_fee', source 'B<bill>'). A cancelled bill is 'void' and may be billed again.
CREATE TABLE bill (
  id          INTEGER PRIMARY KEY,
  unit_id     INTEGER NOT NULL REFERENCES unit (id),
  item        TEXT    NOT NULL,                 -- a key of policy fee.items, or 'late_fee'
  period      TEXT    NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  source      TEXT    NOT NULL DEFAULT '',      -- '' for periodic bills; 'M5', 'T12', 'B40'
  amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
  paid_fen    INTEGER NOT NULL DEFAULT 0 CHECK (paid_fen >= 0 AND paid_fen <= amount_fen),
  due_on      TEXT    NOT NULL CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  status      TEXT    NOT NULL CHECK (status IN ('open', 'paid', 'void')),
  basis       TEXT    NOT NULL DEFAULT '',      -- the arithmetic: "89.37 m² × 2.50 × 0.70"
  payment_id  INTEGER REFERENCES payment (id),  -- late fees: the payment that settled the bill
  waiver_id   INTEGER REFERENCES fee_waiver (id),
  created_by  TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  voided_at   INTEGER,
  void_reason TEXT,
  CHECK ((status = 'void') = (voided_at IS NOT NULL)),
  CHECK (status <> 'paid' OR paid_fen = amount_fen),
  CHECK (status <> 'open' OR paid_fen < amount_fen)
) STRICT;
-- Billing is idempotent: at most one live bill per unit, item, period and source.
CREATE UNIQUE INDEX bill_once ON bill (unit_id, item, period, source) WHERE status <> 'void';
CREATE INDEX bill_unit ON bill (unit_id, status, due_on);
CREATE INDEX bill_period ON bill (period, item);

-- Payments (收款) with their receipt (收费票据, domain-rules 3.8). The receipt number is taken
-- inside the paying transaction (BEGIN IMMEDIATE), so it is gapless per year even when several
-- desks take payments at once; a void keeps its number. credit_fen is the part not (yet)
-- allocated: prepaid credit, used up by the unit's next bills.
CREATE TABLE payment (
  id          INTEGER PRIMARY KEY,
  receipt     TEXT    NOT NULL UNIQUE,          -- 'R2026-000123'
  year        INTEGER NOT NULL CHECK (year BETWEEN 1970 AND 9999),
  seq         INTEGER NOT NULL CHECK (seq > 0),
  unit_id     INTEGER NOT NULL REFERENCES unit (id),
  amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
  method      TEXT    NOT NULL CHECK (method IN ('cash', 'wechat', 'alipay', 'bank', 'card')),
  credit_fen  INTEGER NOT NULL DEFAULT 0 CHECK (credit_fen >= 0 AND credit_fen <= amount_fen),
  paid_at     INTEGER NOT NULL,
  paid_on     TEXT    NOT NULL,                 -- local date, for the daily ledger (收费台帐)
  payer       TEXT,
  note        TEXT,
  received_by TEXT    NOT NULL,
  voided_at   INTEGER,
  voided_by   TEXT,
  void_reason TEXT,
  UNIQUE (year, seq),
  CHECK ((voided_at IS NULL) = (void_reason IS NULL))
) STRICT;
CREATE INDEX payment_unit ON payment (unit_id);
CREATE INDEX payment_day ON payment (paid_on);

-- Which bills a payment paid. Voiding the payment reverses (reversed_at) rather than deletes,
-- so statements and aging can be recomputed as of any past moment.
CREATE TABLE allocation (
  id          INTEGER PRIMARY KEY,
  payment_id  INTEGER NOT NULL REFERENCES payment (id),
  bill_id     INTEGER NOT NULL REFERENCES bill (id),
  amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
  created_at  INTEGER NOT NULL,
  reversed_at INTEGER,
  CHECK (reversed_at IS NULL OR reversed_at >= created_at)
) STRICT;
CREATE INDEX allocation_payment ON allocation (payment_id);
CREATE INDEX allocation_bill ON allocation (bill_id);

-- Meter readings (抄表), water and electricity. usage is from the previous reading of the same
-- meter; the first reading is a baseline (no usage, no bill). A reading below the previous one
-- is refused unless a supervisor marks it a reset (a new meter counting from zero).
CREATE TABLE meter_reading (
  id            INTEGER PRIMARY KEY,
  unit_id       INTEGER NOT NULL REFERENCES unit (id),
  meter         TEXT    NOT NULL,               -- a fee item's `meter`: water, electric
  reading_centi INTEGER NOT NULL CHECK (reading_centi >= 0),
  read_on       TEXT    NOT NULL,
  usage_centi   INTEGER CHECK (usage_centi IS NULL OR usage_centi >= 0),
  reset         INTEGER NOT NULL DEFAULT 0 CHECK (reset IN (0, 1)),
  flag          TEXT,                           -- why it needs a look, e.g. entrusted limit
  bill_id       INTEGER REFERENCES bill (id),
  created_by    TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  UNIQUE (unit_id, meter, read_on)
) STRICT;

-- Dunning holds (暂缓催缴): a dispute or a payment plan stops reminders for a unit until
-- `until` (inclusive) or until lifted. `svc fee remind` skips held units (fee::active_hold).
CREATE TABLE dunning_hold (
  id          INTEGER PRIMARY KEY,
  unit_id     INTEGER NOT NULL REFERENCES unit (id),
  reason      TEXT    NOT NULL CHECK (length(reason) >= 1),
  until       TEXT    NOT NULL CHECK (until GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  created_by  TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  lifted_at   INTEGER,
  lifted_by   TEXT,
  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL))
) STRICT;
CREATE INDEX dunning_hold_unit ON dunning_hold (unit_id);

CREATE VIEW v_bill AS
SELECT b.id, u.code AS unit, b.item, b.period, b.source, b.amount_fen, b.paid_fen,
       b.amount_fen - b.paid_fen AS outstanding_fen, b.due_on, b.status, b.basis,
       strftime('%Y-%m-%dT%H:%M:%S', b.created_at + s.utc_offset, 'unixepoch') AS created_local,
       strftime('%Y-%m-%dT%H:%M:%S', b.voided_at + s.utc_offset, 'unixepoch') AS voided_local
FROM bill b JOIN unit u ON u.id = b.unit_id CROSS JOIN site s;

CREATE VIEW v_payment AS
SELECT p.id, p.receipt, u.code AS unit, p.amount_fen, p.method, p.credit_fen, p.paid_on,
       strftime('%Y-%m-%dT%H:%M:%S', p.paid_at + s.utc_offset, 'unixepoch') AS paid_local,
       p.received_by, p.voided_at IS NOT NULL AS void, p.void_reason
FROM payment p JOIN unit u ON u.id = p.unit_id CROSS JOIN site s;

-- What each unit owes on its open bills, oldest due date first; the owner is the debtor
-- (domain-rules 3.6). Arrears are the rows whose oldest_due_on is before today: `svc fee
-- arrears` computes them as of any --now (views never read the clock).
CREATE VIEW v_arrears AS
SELECT u.code AS unit, u.owner_name AS owner, u.tenant_name AS tenant,
       sum(b.amount_fen - b.paid_fen) AS amount_fen, min(b.due_on) AS oldest_due_on, count(*) AS bills
FROM bill b JOIN unit u ON u.id = b.unit_id
WHERE b.status = 'open'
GROUP BY u.id;
