-- 0008: every sort the inbox offers is read in index order, for one unit
-- and for the whole province (a province supervisor's scope has no unit
-- filter). Without these, a page of a million-case list sorted the whole
-- list first, and a jump deep into it with OFFSET paid that sort again.
CREATE INDEX cases_deadline ON cases (deadline, id);
CREATE INDEX cases_submitted ON cases (submitted_at, id);
CREATE INDEX cases_updated ON cases (updated_at, id);
CREATE INDEX cases_unit_updated ON cases (unit_code, updated_at, id);
