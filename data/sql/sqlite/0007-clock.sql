-- 0007: what the statutory clock needs besides the receipt date and the
-- item's promised limit. Deadlines are computed from these counts, so a
-- calendar loaded later corrects every clock without rewriting dates;
-- cases.deadline stays as the promised deadline for sorting and filters.
ALTER TABLE cases ADD COLUMN clock_stopped_days INTEGER NOT NULL DEFAULT 0
  CHECK (clock_stopped_days >= 0);
ALTER TABLE cases ADD COLUMN extension_days INTEGER NOT NULL DEFAULT 0
  CHECK (extension_days BETWEEN 0 AND 10);

-- Cases that already went through a stop or an extension: the history
-- recorded the days.
UPDATE cases SET clock_stopped_days = (
  SELECT COALESCE (SUM (json_extract (h.detail, '$.paused_working_days')), 0)
  FROM case_history h
  WHERE h.case_id = cases.id AND h.action = 'supplement_received');
UPDATE cases SET extension_days = COALESCE ((
  SELECT json_extract (h.detail, '$.days')
  FROM case_history h
  WHERE h.case_id = cases.id AND h.action = 'extend_deadline'
  ORDER BY h.id DESC LIMIT 1), 0)
WHERE deadline_extended = 1;

-- Calendars the business administrator loaded through the API, one text
-- per year in the format of data/calendar/*.cal. Loaded at start-up after
-- the built-in files, so a stored year replaces a built-in one.
CREATE TABLE calendars (
  year       INTEGER PRIMARY KEY CHECK (year BETWEEN 1 AND 9999),
  body       TEXT NOT NULL,
  loaded_by  TEXT NOT NULL,
  loaded_at  TEXT NOT NULL
);
