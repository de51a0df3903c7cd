-- 0006: telling the applicant (6.6.1). Each decision queues one message
-- per channel in the action's own transaction; a delivery worker sends
-- them to the configured webhook and records the outcome in the case
-- history.

-- Texts the business administrator has changed; the server's built-in
-- wording applies to every (action, channel) without a row here.
CREATE TABLE message_templates (
  action     TEXT NOT NULL,
  channel    TEXT NOT NULL CHECK (channel IN ('sms', 'app', 'web')),
  text       TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (action, channel)
);

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  -- Sent with every attempt, so the receiver can drop repeats.
  message_id      TEXT NOT NULL UNIQUE,
  case_id         INTEGER NOT NULL REFERENCES cases (id),
  -- The decision that caused the message.
  history_id      INTEGER NOT NULL REFERENCES case_history (id),
  action          TEXT NOT NULL,
  channel         TEXT NOT NULL CHECK (channel IN ('sms', 'app', 'web')),
  text            TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  -- Real time with microseconds: retries wait milliseconds in tests,
  -- whatever the server's clock file says.
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  sent_at         TEXT,
  -- A retried or replayed action never queues twice.
  UNIQUE (history_id, channel)
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_case ON outbox (case_id, id);
