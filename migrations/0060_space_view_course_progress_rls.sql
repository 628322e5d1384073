-- Row-level security and grants for how far the views of shared courses got.
GRANT SELECT, INSERT, UPDATE, DELETE ON space_view_course_progress TO lectern_app;
--> statement-breakpoint
ALTER TABLE space_view_course_progress ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE space_view_course_progress FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON space_view_course_progress
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
