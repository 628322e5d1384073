-- Row-level security and grants for Space's publications to Learn.
GRANT SELECT, INSERT, UPDATE, DELETE ON space_publications TO lectern_app;
--> statement-breakpoint
ALTER TABLE space_publications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE space_publications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON space_publications
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
