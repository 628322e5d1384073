ALTER TABLE "staff_tenant_sessions" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
-- Revocation and expiry (the application role, inside the tenant's transaction) mark a staff
-- session ended instead of deleting it, so a request still made with it is refused and audited.
GRANT UPDATE (ended_at) ON staff_tenant_sessions TO lectern_app;
