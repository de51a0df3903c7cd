-- 0010: delivery by mail or at the window (Figure 1).

-- Pickup capacity, set by the business administrator per unit and day.
-- booked counts the cases holding the slot now; a booking moves it up
-- only while it is below capacity, and the CHECK holds the same rule in
-- the database, so no race can overbook a slot.
CREATE TABLE pickup_slots (
  id          INTEGER PRIMARY KEY,
  unit_code   TEXT NOT NULL REFERENCES units (code),
  day         TEXT NOT NULL,           -- YYYY-MM-DD, the centre's local date
  start_time  TEXT NOT NULL,           -- HH:MM, local
  end_time    TEXT NOT NULL,
  capacity    INTEGER NOT NULL CHECK (capacity BETWEEN 0 AND 1000),
  booked      INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL,
  UNIQUE (unit_code, day, start_time),
  CHECK (start_time < end_time)
);

-- Mail: the courier beside the tracking number.
ALTER TABLE cases ADD COLUMN courier TEXT;
-- Window: when the certificate was printed (the uncollected list's
-- order), the booked slot, and who collected it. The agent's ID number
-- is personal data: masked on the wire, never logged.
ALTER TABLE cases ADD COLUMN printed_at TEXT;
ALTER TABLE cases ADD COLUMN pickup_slot_id INTEGER REFERENCES pickup_slots (id);
ALTER TABLE cases ADD COLUMN collector TEXT CHECK (collector IN ('applicant', 'agent'));
ALTER TABLE cases ADD COLUMN agent_name TEXT;
ALTER TABLE cases ADD COLUMN agent_id_number TEXT;
ALTER TABLE cases ADD COLUMN handed_over_at TEXT;

-- Cases already printed: the history recorded when.
UPDATE cases SET printed_at = (
  SELECT MAX (h.at) FROM case_history h
  WHERE h.case_id = cases.id AND h.action = 'print_ready')
WHERE delivery_method = 'window';

-- The uncollected list: printed, not handed over, per unit, oldest first.
CREATE INDEX cases_uncollected ON cases (unit_code, printed_at, id)
  WHERE printed_at IS NOT NULL AND handed_over_at IS NULL;
