-- 0005: every notice served on an applicant, by its verification code,
-- so that whoever holds the paper can check it against the centre's
-- record. The code is random (80 bits) and stored, not derived: nothing
-- about the case lets anyone compute another notice's code.
CREATE TABLE notices (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('supplement', 'acceptance', 'non_acceptance',
                                            'grant', 'refusal')),
  case_id     INTEGER NOT NULL REFERENCES cases (id),
  material_id INTEGER NOT NULL REFERENCES materials (id),
  sha256      TEXT NOT NULL,
  issued_at   TEXT NOT NULL
);
CREATE INDEX notices_case ON notices (case_id);

-- The grounds a refusal may cite for each item, as a JSON array of
-- strings; the handler picks one or writes her own.
ALTER TABLE items ADD COLUMN refusal_grounds TEXT NOT NULL DEFAULT '[]';
