ALTER TABLE "cmi5_sessions" ALTER COLUMN "attempt_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD COLUMN "grant_id" uuid;--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD CONSTRAINT "cmi5_sessions_grant_id_launch_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."launch_grants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cmi5_sessions_grant_idx" ON "cmi5_sessions" USING btree ("grant_id");--> statement-breakpoint
ALTER TABLE "cmi5_sessions" ADD CONSTRAINT "cmi5_sessions_holder" CHECK (("cmi5_sessions"."attempt_id" is null) <> ("cmi5_sessions"."grant_id" is null));