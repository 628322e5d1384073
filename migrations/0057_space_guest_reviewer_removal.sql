ALTER TABLE "space_guest_reviewers" ADD COLUMN "resent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "space_guest_reviewers" ADD COLUMN "removed_at" timestamp with time zone;