-- 0003: the reviewer's latest verdict on each material. The supplement
-- notice is built from the deficient ones, so only the current verdict
-- matters here; earlier verdicts live in the audit trail.
CREATE TABLE material_reviews (
  material_id INTEGER PRIMARY KEY REFERENCES materials (id),
  verdict     TEXT NOT NULL CHECK (verdict IN ('accepted', 'deficient')),
  reason      TEXT,
  reviewer    TEXT NOT NULL,
  reviewed_at TEXT NOT NULL,
  -- A deficiency without a reason cannot be written into the notice.
  CHECK (verdict = 'accepted' OR reason IS NOT NULL)
);
