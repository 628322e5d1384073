-- Row-level security and grants for the attachments of Space review comments.
GRANT SELECT, INSERT, UPDATE, DELETE ON space_comment_attachments TO lectern_app;
--> statement-breakpoint
ALTER TABLE space_comment_attachments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE space_comment_attachments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON space_comment_attachments
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
