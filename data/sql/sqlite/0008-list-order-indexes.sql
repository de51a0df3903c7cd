-- 0008: every sort the inbox offers is read in index order, for one unit
-- and for the whole province (a province supervisor's scope has no unit
-- filter). Each index carries the columns the inbox filters on after its
-- sort key, so the database filters and skips rows inside the index and
-- reads the table only for the rows of the page. Without them, a page of
-- a million-case list sorted the whole list first, and a jump 374,000
-- rows down a filtered list read 680,000 table rows: 0.76 s a page, where
-- the covering index takes 0.05 s.
DROP INDEX cases_unit_deadline;
DROP INDEX cases_unit_submitted;
CREATE INDEX cases_unit_deadline ON cases (unit_code, deadline, id, state, assignee_id, item_code);
CREATE INDEX cases_unit_submitted ON cases (unit_code, submitted_at, id, state, assignee_id, item_code);
CREATE INDEX cases_unit_updated ON cases (unit_code, updated_at, id, state, assignee_id, item_code);
CREATE INDEX cases_deadline ON cases (deadline, id, state, unit_code, assignee_id, item_code);
CREATE INDEX cases_submitted ON cases (submitted_at, id, state, unit_code, assignee_id, item_code);
CREATE INDEX cases_updated ON cases (updated_at, id, state, unit_code, assignee_id, item_code);
