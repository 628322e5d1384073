-- The commit path rewrites the same rows all the time (a learner's SCO state, attempt and
-- enrolment summary). Free room in each page lets PostgreSQL update them in place (HOT updates:
-- no new index entries), which keeps the commit endpoint's writes small.
ALTER TABLE sco_states SET (fillfactor = 50);
--> statement-breakpoint
ALTER TABLE attempts SET (fillfactor = 70);
--> statement-breakpoint
ALTER TABLE enrolments SET (fillfactor = 70);
