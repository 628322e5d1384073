-- Row-level security and grants for the view sessions of Space share links.
GRANT SELECT, INSERT, UPDATE, DELETE ON space_view_sessions TO lectern_app;
--> statement-breakpoint
ALTER TABLE space_view_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE space_view_sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON space_view_sessions
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
