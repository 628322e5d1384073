ALTER TABLE "launch_grants" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "launch_grants" ALTER COLUMN "session_id_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "launch_grants" ADD COLUMN "area_ref" text;--> statement-breakpoint
CREATE INDEX "launch_grants_area_ref_idx" ON "launch_grants" USING btree ("area_ref" text_pattern_ops);--> statement-breakpoint
ALTER TABLE "launch_grants" ADD CONSTRAINT "launch_grants_holder" CHECK (("launch_grants"."kind" = 'area' and "launch_grants"."area_ref" is not null and "launch_grants"."attempt_id" is null and "launch_grants"."user_id" is null and "launch_grants"."session_id_hash" is null)
          or ("launch_grants"."kind" <> 'area' and "launch_grants"."area_ref" is null and "launch_grants"."user_id" is not null and "launch_grants"."session_id_hash" is not null));