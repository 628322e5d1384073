-- Row-level security and grants for course categories. Deleting a category clears only
-- category_id of its courses (a plain SET NULL on the composite key would null tenant_id too,
-- which is NOT NULL). Column lists need PostgreSQL 15+.
GRANT SELECT, INSERT, UPDATE, DELETE ON course_categories TO lectern_app;
--> statement-breakpoint
ALTER TABLE course_categories ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE course_categories FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON course_categories
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE "courses" DROP CONSTRAINT "courses_tenant_id_category_id_course_categories_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "courses" ADD CONSTRAINT "courses_tenant_id_category_id_course_categories_tenant_id_id_fk" FOREIGN KEY ("tenant_id","category_id") REFERENCES "public"."course_categories"("tenant_id","id") ON DELETE SET NULL ("category_id") ON UPDATE no action;
