ALTER TABLE "enrolments" ADD COLUMN "earlier_status" text;--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "earlier_score_percent" real;--> statement-breakpoint
-- Enrolments already on a later attempt keep what their summary showed as what earlier attempts
-- reached (the summary used to keep the best it had seen); single-attempt enrolments start to
-- follow their attempt's latest data at their next commit.
UPDATE "enrolments" SET "earlier_status" = "status", "earlier_score_percent" = "score_percent"
 WHERE "attempt_count" > 1 AND "status" IN ('completed', 'passed');
