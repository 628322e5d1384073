-- Row-level security and grants for Space's review requests and their reviewers.
GRANT SELECT, INSERT, UPDATE, DELETE ON space_review_requests, space_reviewers TO lectern_app;
--> statement-breakpoint
ALTER TABLE space_review_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE space_review_requests FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON space_review_requests
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE space_reviewers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE space_reviewers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON space_reviewers
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
