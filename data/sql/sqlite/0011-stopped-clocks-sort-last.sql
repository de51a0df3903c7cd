-- 0011: sorted by time limit, a case whose clock is stopped (the
-- applicant has been asked for materials) comes after every case whose
-- clock runs. Its stored deadline is the one it had when the clock
-- stopped, so by that date it sat among cases long overdue while the
-- inbox showed it with days to spare. sort_deadline is the deadline, with
-- '~' before it while the case waits in 'supplement' (the state whose
-- clock is stopped): '~' sorts after every digit, so those cases follow,
-- in the order of their deadlines.
-- The list indexes of 0001 and 0008 sort by it instead; the overdue and
-- due-soon filters, which take running clocks only, read it too.
ALTER TABLE cases ADD COLUMN sort_deadline TEXT;
UPDATE cases SET sort_deadline = CASE WHEN state = 'supplement' THEN '~' || deadline ELSE deadline END;
DROP INDEX cases_unit_state_deadline;
DROP INDEX cases_unit_deadline;
DROP INDEX cases_deadline;
CREATE INDEX cases_unit_state_deadline ON cases (unit_code, state, sort_deadline, id);
CREATE INDEX cases_unit_deadline ON cases (unit_code, sort_deadline, id, state, assignee_id, item_code);
CREATE INDEX cases_deadline ON cases (sort_deadline, id, state, unit_code, assignee_id, item_code);
