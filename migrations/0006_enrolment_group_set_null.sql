-- Deleting a group clears only group_id of the enrolments it brought (a plain SET NULL on the
-- composite key would null tenant_id too, which is NOT NULL). Column lists need PostgreSQL 15+.
ALTER TABLE "enrolments" DROP CONSTRAINT "enrolments_tenant_id_group_id_groups_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_tenant_id_group_id_groups_tenant_id_id_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "public"."groups"("tenant_id","id") ON DELETE SET NULL ("group_id") ON UPDATE no action;
