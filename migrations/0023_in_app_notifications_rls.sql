-- Row-level security and grants for the in-app notifications (the bell).
GRANT SELECT, INSERT, UPDATE, DELETE ON in_app_notifications TO lectern_app;
--> statement-breakpoint
ALTER TABLE in_app_notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE in_app_notifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON in_app_notifications
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
