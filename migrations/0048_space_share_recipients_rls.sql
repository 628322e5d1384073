-- Row-level security and grants for the named recipients of Space share links.
GRANT SELECT, INSERT, UPDATE, DELETE ON space_share_recipients TO lectern_app;
--> statement-breakpoint
ALTER TABLE space_share_recipients ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE space_share_recipients FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON space_share_recipients
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
