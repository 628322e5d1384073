ALTER TABLE "tenant_hosts" ADD COLUMN "is_primary" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "password_change_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_hosts_one_primary_key" ON "tenant_hosts" USING btree ("tenant_id") WHERE "tenant_hosts"."is_primary";--> statement-breakpoint
-- Sites created before: their alphabetically first host (what mails used so far) becomes the primary one.
UPDATE "tenant_hosts" h SET "is_primary" = true
  WHERE h."hostname" = (SELECT min(o."hostname") FROM "tenant_hosts" o WHERE o."tenant_id" = h."tenant_id");
