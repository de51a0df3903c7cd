-- 0004: how each scan is turned to read upright. Scans often arrive
-- sideways; turned once by a handler, they open upright for everyone.
ALTER TABLE materials ADD COLUMN rotation INTEGER NOT NULL DEFAULT 0
  CHECK (rotation IN (0, 90, 180, 270));
