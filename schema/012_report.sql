-- 012_report.sql: the manager's written analysis of a month (原因分析、经验教训、整改措施,
-- domain-rules 2.8), printed in the monthly report under the section it is about.
--
-- One note per (month, section); `svc report note` writes it again to change it (the audit entry
-- keeps the earlier text). Sections: general, repairs, complaints, fees, visits, patrols.
CREATE TABLE report_note (
  id          INTEGER PRIMARY KEY,
  month       TEXT    NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  section     TEXT    NOT NULL CHECK (section IN ('general', 'repairs', 'complaints', 'fees', 'visits', 'patrols')),
  text        TEXT    NOT NULL CHECK (length(text) BETWEEN 1 AND 4000),
  by_login    TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  UNIQUE (month, section)
);
