-- Row-level security and grants for the LRS. Statements and their link rows are never updated
-- except to mark a statement voided; the app may not delete them (a tenant's erasure deletes as owner).
GRANT SELECT, INSERT, UPDATE, DELETE ON lrs_keys, xapi_documents, xapi_activities TO lectern_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON xapi_statement_terms, xapi_attachments TO lectern_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON xapi_statements TO lectern_app;
--> statement-breakpoint
GRANT UPDATE (voided) ON xapi_statements TO lectern_app;
--> statement-breakpoint
GRANT USAGE ON SEQUENCE xapi_statements_seq_seq TO lectern_app;
--> statement-breakpoint
ALTER TABLE lrs_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE lrs_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON lrs_keys
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE xapi_statements ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE xapi_statements FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON xapi_statements
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE xapi_statement_terms ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE xapi_statement_terms FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON xapi_statement_terms
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE xapi_attachments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE xapi_attachments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON xapi_attachments
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE xapi_activities ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE xapi_activities FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON xapi_activities
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE xapi_documents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE xapi_documents FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON xapi_documents
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
