-- The operator console and the CLI act as the owner (the connecting role), across tenants: a staff
-- member's grants of every tenant, deactivation ending all of them. Under FORCE ROW LEVEL SECURITY a
-- non-superuser owner sees no row without a tenant, so the owner gets a policy of its own on the two
-- staff tables. The application role (SET ROLE lectern_app) is not a member of the owner role, so
-- tenant requests stay confined by tenant_isolation.
CREATE POLICY operator_console ON staff_grants TO CURRENT_USER USING (true) WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY operator_console ON staff_tenant_sessions TO CURRENT_USER USING (true) WITH CHECK (true);
--> statement-breakpoint
-- The same for the audit trail's maintenance by the owner: `lectern audit verify` reads every tenant's
-- chain, retention deletes each chain's start. The application role still only inserts and reads its own.
CREATE POLICY owner_maintenance ON audit_events TO CURRENT_USER USING (true) WITH CHECK (true);
