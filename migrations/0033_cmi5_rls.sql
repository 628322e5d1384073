-- Row-level security and grants for cmi5 sessions and what a registration recorded of its AUs, blocks and course.
GRANT SELECT, INSERT, UPDATE, DELETE ON cmi5_sessions, cmi5_activity_states TO lectern_app;
--> statement-breakpoint
ALTER TABLE cmi5_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE cmi5_sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON cmi5_sessions
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE cmi5_activity_states ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE cmi5_activity_states FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON cmi5_activity_states
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
