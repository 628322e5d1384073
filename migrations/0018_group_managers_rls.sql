-- Row-level security and grants for the managers who lead groups.
GRANT SELECT, INSERT, UPDATE, DELETE ON group_managers TO lectern_app;
--> statement-breakpoint
ALTER TABLE group_managers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE group_managers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON group_managers
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
