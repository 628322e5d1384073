-- The application role. Requests run as lectern_app (SET LOCAL ROLE inside withTenant), which
-- owns nothing, so FORCE ROW LEVEL SECURITY applies to it even where the connecting user is a
-- superuser (PGlite's only user, or `postgres` on a development server).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lectern_app') THEN
    CREATE ROLE lectern_app NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
GRANT lectern_app TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO lectern_app;
--> statement-breakpoint
-- Platform tables: readable (tenant resolution), written only by the owner (CLI, seeding).
GRANT SELECT ON tenants, tenant_hosts TO lectern_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON users, sessions TO lectern_app;
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON users
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON sessions
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
