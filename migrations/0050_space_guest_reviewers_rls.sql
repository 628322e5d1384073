-- Row-level security and grants for Space's guest reviewers.
GRANT SELECT, INSERT, UPDATE, DELETE ON space_guest_reviewers TO lectern_app;
--> statement-breakpoint
ALTER TABLE space_guest_reviewers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE space_guest_reviewers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON space_guest_reviewers
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
