-- 0009: the callback scheduler and the ratings its calls collect (6.6,
-- 好差评). A callback is a task: one case, one purpose, a unit that
-- makes the call, a due time, and the attempts made so far.

ALTER TABLE callbacks ADD COLUMN unit_code TEXT REFERENCES units (code);
ALTER TABLE callbacks ADD COLUMN assignee_id INTEGER REFERENCES users (id);
ALTER TABLE callbacks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE callbacks ADD COLUMN last_outcome TEXT;
ALTER TABLE callbacks ADD COLUMN last_attempt_at TEXT;
-- Set by the first unanswered call since the applicant was last spoken
-- to; an open task still unanswered then becomes unreachable.
ALTER TABLE callbacks ADD COLUMN give_up_at TEXT;
ALTER TABLE callbacks ADD COLUMN closed_at TEXT;

UPDATE callbacks SET unit_code = (
  SELECT c.unit_code FROM cases c WHERE c.id = callbacks.case_id);

-- One open task per case and purpose: earlier servers filed a second
-- one for a second supplement request. The oldest stays open.
UPDATE callbacks SET status = 'cancelled', closed_at = created_at
WHERE status = 'open' AND id NOT IN (
  SELECT MIN (id) FROM callbacks WHERE status = 'open' GROUP BY case_id, kind);
CREATE UNIQUE INDEX callbacks_one_open ON callbacks (case_id, kind) WHERE status = 'open';
-- The agenda: a unit's open tasks by due time.
CREATE INDEX callbacks_unit_due ON callbacks (unit_code, status, due_at, id);
CREATE INDEX callbacks_give_up ON callbacks (give_up_at)
  WHERE status = 'open' AND give_up_at IS NOT NULL;

CREATE TABLE callback_attempts (
  id           INTEGER PRIMARY KEY,
  callback_id  INTEGER NOT NULL REFERENCES callbacks (id),
  at           TEXT NOT NULL,
  caller_id    INTEGER NOT NULL REFERENCES users (id),
  outcome      TEXT NOT NULL CHECK (outcome IN
                 ('reached', 'no_answer', 'busy', 'wrong_number', 'refused', 'call_later')),
  notes        TEXT,
  call_back_at TEXT,
  -- What the applicant answered, as JSON; a mailing address is kept
  -- masked here, in clear only on the case.
  answers      TEXT
);
CREATE INDEX callback_attempts_callback ON callback_attempts (callback_id, id);

-- The scheduling rules, one row per purpose, changed by the business
-- administrator. Minutes and days count working time: 09:00-17:00 on
-- the calendar's working days.
CREATE TABLE callback_rules (
  purpose              TEXT PRIMARY KEY,
  retry_after_minutes  INTEGER NOT NULL CHECK (retry_after_minutes BETWEEN 1 AND 2400),
  max_attempts_per_day INTEGER NOT NULL CHECK (max_attempts_per_day BETWEEN 1 AND 20),
  give_up_after_days   INTEGER NOT NULL CHECK (give_up_after_days BETWEEN 1 AND 30),
  due_after_days       INTEGER NOT NULL DEFAULT 0 CHECK (due_after_days BETWEEN 0 AND 30),
  -- bad_rating only: the rectification deadline.
  rectify_within_days  INTEGER CHECK (rectify_within_days BETWEEN 1 AND 60),
  -- revisit only: the share of archived cases called again, and the key
  -- of the hash that picks them.
  revisit_percent      INTEGER CHECK (revisit_percent BETWEEN 0 AND 100),
  revisit_seed         TEXT,
  updated_at           TEXT,
  updated_by           TEXT
);
INSERT INTO callback_rules (purpose, retry_after_minutes, max_attempts_per_day, give_up_after_days,
                            due_after_days, rectify_within_days, revisit_percent, revisit_seed) VALUES
  ('supplement',      120, 3, 3, 0, NULL, NULL, NULL),
  ('delivery_choice', 120, 3, 3, 0, NULL, NULL, NULL),
  ('result_notice',   120, 3, 3, 0, NULL, NULL, NULL),
  ('satisfaction',    120, 3, 3, 0, NULL, NULL, NULL),
  ('bad_rating',      120, 3, 3, 1, 5,    NULL, NULL),
  ('revisit',         120, 3, 3, 0, NULL, 10,   lower (hex (randomblob (16))));

-- 好差评: five levels, 5 非常满意 .. 1 非常不满意; 1 and 2 are bad.
CREATE TABLE ratings (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases (id),
  level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
  comment     TEXT,
  source      TEXT NOT NULL CHECK (source IN ('call', 'window')),
  callback_id INTEGER REFERENCES callbacks (id),
  rated_by    TEXT NOT NULL,
  at          TEXT NOT NULL
);
CREATE INDEX ratings_case ON ratings (case_id, id);

-- Every bad rating is called back, verified and rectified within the
-- configured deadlines (6.6); the complaints workspace works these.
CREATE TABLE rectifications (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES cases (id),
  rating_id       INTEGER NOT NULL UNIQUE REFERENCES ratings (id),
  unit_code       TEXT NOT NULL REFERENCES units (code),
  status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  callback_due_at TEXT NOT NULL,
  deadline        TEXT NOT NULL,     -- the centre's local date
  created_at      TEXT NOT NULL,
  closed_at       TEXT
);
CREATE INDEX rectifications_unit ON rectifications (unit_code, status, deadline, id);
