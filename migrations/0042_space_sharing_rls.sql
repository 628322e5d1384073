-- Row-level security and grants for Space's share links and their visits.
GRANT SELECT, INSERT, UPDATE, DELETE ON space_share_links, space_share_visits TO lectern_app;
--> statement-breakpoint
ALTER TABLE space_share_links ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE space_share_links FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON space_share_links
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE space_share_visits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE space_share_visits FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON space_share_visits
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
