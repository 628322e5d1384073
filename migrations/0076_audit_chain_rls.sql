-- Tenant-owned tables of staff access, access reviews and privacy: row-level security as everywhere.
ALTER TABLE staff_grants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE staff_grants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON staff_grants
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE staff_tenant_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE staff_tenant_sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON staff_tenant_sessions
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE access_reviews ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE access_reviews FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON access_reviews
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE access_review_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE access_review_items FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON access_review_items
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE privacy_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE privacy_requests FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON privacy_requests
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE mail_consents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE mail_consents FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON mail_consents
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
ALTER TABLE update_mailings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE update_mailings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON update_mailings
  USING (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid))
  WITH CHECK (tenant_id = (SELECT nullif(current_setting('app.tenant_id', true), '')::uuid));
--> statement-breakpoint
-- Staff members are written only by the owner (CLI, operator console); a tenant's request may read
-- who a staff actor is, never their password hash or second-factor secret.
GRANT SELECT (id, email, name, status) ON staff_members TO lectern_app;
--> statement-breakpoint
-- A tenant's admin approves, rejects or revokes a grant; only the operator side creates one.
GRANT SELECT ON staff_grants TO lectern_app;
--> statement-breakpoint
GRANT UPDATE (status, starts_at, expires_at, decided_by_user_id, decided_at, revoked_at, revoked_by, last_used_at) ON staff_grants TO lectern_app;
--> statement-breakpoint
-- A staff session on a tenant's site is opened by the owner (the handover), read and ended by requests.
GRANT SELECT, DELETE ON staff_tenant_sessions TO lectern_app;
--> statement-breakpoint
GRANT UPDATE (last_seen_at) ON staff_tenant_sessions TO lectern_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON access_reviews, access_review_items, mail_consents TO lectern_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON privacy_requests, update_mailings TO lectern_app;
--> statement-breakpoint
-- The chain heads and anchors are the owner's alone (the trigger below writes the heads as their owner).
REVOKE ALL ON audit_chain_heads, audit_anchors FROM lectern_app;
--> statement-breakpoint
-- The operator console and the CLI act as the owner (the connecting role), across tenants: a staff
-- member's grants of every tenant, deactivation ending all of them; `lectern audit verify` reads every
-- tenant's chain and retention deletes each chain's start. Under FORCE ROW LEVEL SECURITY a
-- non-superuser owner sees no row without a tenant, so the owner gets a policy of its own on these
-- tables. The application role (SET ROLE lectern_app) is not a member of the owner role, so tenant
-- requests stay confined by tenant_isolation. Created first: the backfill below reads as the owner.
CREATE POLICY operator_console ON staff_grants TO CURRENT_USER USING (true) WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY operator_console ON staff_tenant_sessions TO CURRENT_USER USING (true) WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY owner_maintenance ON audit_events TO CURRENT_USER USING (true) WITH CHECK (true);
--> statement-breakpoint
-- The canonical form of an audit entry that its hash covers: every column but the hash itself, as
-- PostgreSQL's deterministic jsonb text; the time in UTC to the microsecond.
CREATE OR REPLACE FUNCTION audit_entry_canonical(e audit_events) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_array(
    e.id, e.tenant_id, e.chain_seq,
    to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.action, e.actor_user_id, e.actor_staff_id, e.staff_grant_id, e.actor_ip, e.user_agent,
    e.request_id, e.target_type, e.target_id, e.details
  )::text
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_entry_hash(prev_hash text, e audit_events) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(prev_hash || audit_entry_canonical(e), 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Chains each new entry to its tenant's head under the head's row lock, so the entries of one tenant
-- chain in the order they commit. SECURITY DEFINER: the application role has no access to the heads.
CREATE OR REPLACE FUNCTION audit_chain_link() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  head_seq bigint;
  head_hash text;
BEGIN
  -- A staff member acting as a site's administrator reaches every service as a "user" whose id is
  -- theirs: whatever a service audits under that id is recorded as the staff member, under their
  -- running grant, so it shows in the site's access transparency log.
  IF NEW.actor_user_id IS NOT NULL AND NEW.actor_staff_id IS NULL AND EXISTS (SELECT 1 FROM staff_members WHERE id = NEW.actor_user_id) THEN
    NEW.actor_staff_id := NEW.actor_user_id;
    NEW.actor_user_id := NULL;
    NEW.staff_grant_id := coalesce(NEW.staff_grant_id, (
      SELECT id FROM staff_grants WHERE staff_id = NEW.actor_staff_id AND tenant_id = NEW.tenant_id AND status = 'active'
      ORDER BY starts_at DESC LIMIT 1));
  END IF;
  INSERT INTO audit_chain_heads (tenant_id, seq, hash) VALUES (NEW.tenant_id, 0, repeat('0', 64))
    ON CONFLICT (tenant_id) DO NOTHING;
  SELECT seq, hash INTO head_seq, head_hash FROM audit_chain_heads WHERE tenant_id = NEW.tenant_id FOR UPDATE;
  NEW.chain_seq := head_seq + 1;
  NEW.prev_hash := head_hash;
  NEW.hash := audit_entry_hash(head_hash, NEW);
  UPDATE audit_chain_heads SET seq = NEW.chain_seq, hash = NEW.hash WHERE tenant_id = NEW.tenant_id;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- Entries written before the chain existed are chained once, per tenant in id order.
DO $$
DECLARE
  entry audit_events;
  last_tenant uuid := NULL;
  seq bigint := 0;
  prev text := repeat('0', 64);
BEGIN
  FOR entry IN SELECT * FROM audit_events ORDER BY tenant_id, id LOOP
    IF last_tenant IS DISTINCT FROM entry.tenant_id THEN
      IF last_tenant IS NOT NULL THEN
        INSERT INTO audit_chain_heads (tenant_id, seq, hash) VALUES (last_tenant, seq, prev);
      END IF;
      last_tenant := entry.tenant_id;
      seq := 0;
      prev := repeat('0', 64);
    END IF;
    seq := seq + 1;
    entry.chain_seq := seq;
    entry.prev_hash := prev;
    entry.hash := audit_entry_hash(prev, entry);
    UPDATE audit_events SET chain_seq = entry.chain_seq, prev_hash = entry.prev_hash, hash = entry.hash WHERE id = entry.id;
    prev := entry.hash;
  END LOOP;
  IF last_tenant IS NOT NULL THEN
    INSERT INTO audit_chain_heads (tenant_id, seq, hash) VALUES (last_tenant, seq, prev);
  END IF;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_chain_link BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_chain_link();
--> statement-breakpoint
-- Nobody rewrites an entry in place, not even the owner; retention deletes whole entries from the start.
CREATE OR REPLACE FUNCTION audit_refuse_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit entries cannot be changed' USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_refuse_update BEFORE UPDATE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_refuse_update();
--> statement-breakpoint
-- One open access review per site, also when two administrators start one at the same instant.
CREATE UNIQUE INDEX access_reviews_one_open_key ON access_reviews (tenant_id) WHERE completed_at IS NULL;
