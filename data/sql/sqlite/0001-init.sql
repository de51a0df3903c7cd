-- 0001: units, users, sessions, items, cases and what surrounds them.
-- Times are UTC ISO 8601 text ("2026-02-13T01:02:03Z"); dates are the
-- centre's local calendar dates ("2026-02-13"). Both sort as text.

CREATE TABLE units (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  level       INTEGER NOT NULL CHECK (level IN (1, 2, 3)),
  parent_code TEXT REFERENCES units (code),
  CHECK ((level = 1) = (parent_code IS NULL))
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  unit_code     TEXT NOT NULL REFERENCES units (code),
  roles         TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  is_demo       INTEGER NOT NULL DEFAULT 0,
  disabled      INTEGER NOT NULL DEFAULT 0,
  locked_until  TEXT,
  created_at    TEXT NOT NULL
);

CREATE TABLE login_failures (
  user_id INTEGER NOT NULL REFERENCES users (id),
  at      TEXT NOT NULL
);
CREATE INDEX login_failures_user ON login_failures (user_id, at);

CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id),
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  peer         TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE service_credentials (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

-- Items are versioned (6.4.5): a change publishes a new row, old rows stay.
CREATE TABLE items (
  code             TEXT NOT NULL,
  version          INTEGER NOT NULL,
  name             TEXT NOT NULL,
  area             TEXT NOT NULL,
  legal_basis      TEXT NOT NULL,
  guide            TEXT NOT NULL,
  promised_days    INTEGER NOT NULL CHECK (promised_days > 0),
  fee_fen          INTEGER NOT NULL DEFAULT 0,
  fee_note         TEXT NOT NULL DEFAULT '',
  delivery_options TEXT NOT NULL,
  materials        TEXT NOT NULL,
  published_at     TEXT NOT NULL,
  PRIMARY KEY (code, version)
);

CREATE TABLE cases (
  id                  INTEGER PRIMARY KEY,
  case_no             TEXT NOT NULL UNIQUE,
  upstream_id         TEXT UNIQUE,
  source              TEXT NOT NULL,
  item_code           TEXT NOT NULL,
  item_version        INTEGER NOT NULL,
  unit_code           TEXT NOT NULL REFERENCES units (code),
  state               TEXT NOT NULL,
  stage               TEXT NOT NULL DEFAULT 'none',
  assignee_id         INTEGER REFERENCES users (id),
  applicant_name      TEXT NOT NULL,
  applicant_id_number TEXT NOT NULL,
  applicant_phone     TEXT NOT NULL,
  applicant_address   TEXT NOT NULL,
  submitted_at        TEXT NOT NULL,
  received_on         TEXT NOT NULL,
  deadline            TEXT NOT NULL,
  clock_stopped_on    TEXT,
  deadline_extended   INTEGER NOT NULL DEFAULT 0,
  supplement_count    INTEGER NOT NULL DEFAULT 0,
  delivery_method     TEXT,
  delivery_address    TEXT,
  tracking_no         TEXT,
  pickup_slot         TEXT,
  result              TEXT,
  refusal_basis       TEXT,
  refusal_reason      TEXT,
  fees_collected      INTEGER,
  version             INTEGER NOT NULL DEFAULT 1,
  updated_at          TEXT NOT NULL,
  FOREIGN KEY (item_code, item_version) REFERENCES items (code, version)
);
-- The inbox: one unit, some states, ordered by deadline or by arrival.
CREATE INDEX cases_unit_state_deadline ON cases (unit_code, state, deadline, id);
CREATE INDEX cases_unit_deadline ON cases (unit_code, deadline, id);
CREATE INDEX cases_unit_submitted ON cases (unit_code, submitted_at, id);
CREATE INDEX cases_assignee ON cases (assignee_id, state);
CREATE INDEX cases_applicant_name ON cases (applicant_name);

CREATE TABLE case_history (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES cases (id),
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL,
  from_state TEXT,
  to_state   TEXT NOT NULL,
  detail     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX case_history_case ON case_history (case_id, id);

CREATE TABLE materials (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES cases (id),
  name         TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  size         INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  uploaded_at  TEXT NOT NULL,
  uploaded_by  TEXT NOT NULL
);
CREATE INDEX materials_case ON materials (case_id, id);

CREATE TABLE callbacks (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES cases (id),
  kind       TEXT NOT NULL,
  due_at     TEXT NOT NULL,
  status     TEXT NOT NULL DEFAULT 'open',
  created_at TEXT NOT NULL
);
CREATE INDEX callbacks_case ON callbacks (case_id);
CREATE INDEX callbacks_open ON callbacks (status, due_at);

-- The change feed: the desk catches up with "since SEQ".
CREATE TABLE events (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  at        TEXT NOT NULL,
  kind      TEXT NOT NULL,
  case_id   INTEGER,
  unit_code TEXT
);

CREATE TABLE idempotency (
  user_key     TEXT NOT NULL,
  key          TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status       INTEGER NOT NULL,
  body         TEXT NOT NULL,
  etag         TEXT,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (user_key, key)
);

-- Append-only and hash-chained: each row's hash covers the previous hash,
-- so a removed or edited row breaks the chain.
CREATE TABLE audit (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  peer      TEXT NOT NULL,
  action    TEXT NOT NULL,
  object    TEXT NOT NULL,
  result    TEXT NOT NULL,
  reason    TEXT,
  request_id TEXT,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
  SELECT RAISE (ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE (ABORT, 'the audit trail is append-only');
END;
