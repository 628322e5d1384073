-- Row-level security and grants for learning paths. Deleting a group clears only group_id of the
-- path enrolments it brought, deleting a path only path_id of the course enrolments it made (a plain
-- SET NULL on the composite key would null tenant_id too, which is NOT NULL). Column lists need PostgreSQL 15+.
GRANT SELECT, INSERT, UPDATE, DELETE ON learning_paths, learning_path_courses, learning_path_enrolments, learning_path_groups TO lectern_app;
--> statement-breakpoint
ALTER TABLE learning_paths ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE learning_paths FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON learning_paths
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE learning_path_courses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE learning_path_courses FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON learning_path_courses
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE learning_path_enrolments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE learning_path_enrolments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON learning_path_enrolments
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE learning_path_groups ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE learning_path_groups FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON learning_path_groups
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE "learning_path_enrolments" DROP CONSTRAINT "learning_path_enrolments_tenant_id_group_id_groups_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "learning_path_enrolments" ADD CONSTRAINT "learning_path_enrolments_tenant_id_group_id_groups_tenant_id_id_fk" FOREIGN KEY ("tenant_id","group_id") REFERENCES "public"."groups"("tenant_id","id") ON DELETE SET NULL ("group_id") ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "enrolments" DROP CONSTRAINT "enrolments_tenant_id_path_id_learning_paths_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_tenant_id_path_id_learning_paths_tenant_id_id_fk" FOREIGN KEY ("tenant_id","path_id") REFERENCES "public"."learning_paths"("tenant_id","id") ON DELETE SET NULL ("path_id") ON UPDATE no action;
