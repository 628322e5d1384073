-- Row-level security and grants for launch credentials.
GRANT SELECT, INSERT, UPDATE, DELETE ON launch_grants TO lectern_app;
--> statement-breakpoint
ALTER TABLE launch_grants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE launch_grants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON launch_grants
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
