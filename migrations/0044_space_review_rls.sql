-- Row-level security and grants for Space's review comments.
GRANT SELECT, INSERT, UPDATE, DELETE ON space_comments TO lectern_app;
--> statement-breakpoint
ALTER TABLE space_comments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE space_comments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON space_comments
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
